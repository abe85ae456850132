"""make backup / make restore: the database and the images in one file, restored into a new database."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from tests.factories import InitiativeFactory, make_event, make_post
from tests.servers import database_url_for_tests

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
RESTORED = "test_cresol_restored"


def table_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as database:
        tables = [
            row[0]
            for row in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {table: database.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608


def test_a_backup_restored_into_a_new_database_has_every_row_image_and_private_file(reference_data, tmp_path):
    media = tmp_path / "media"
    (media / "initiatives").mkdir(parents=True)
    (media / "initiatives" / "logo.webp").write_bytes(b"RIFF....WEBPVP8 image")
    private = tmp_path / "private"
    (private / "ressources").mkdir(parents=True)
    (private / "ressources" / "a1b2.pdf").write_bytes(b"%PDF-1.7 guide")
    InitiativeFactory(name="Ressourcerie sauvegardée")
    make_event(title="Repair café sauvegardé")
    make_post(title="Article sauvegardé")

    source = database_url_for_tests()
    url = urlsplit(source)
    restored = urlunsplit(url._replace(path=f"/{RESTORED}"))
    environment = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media), "PRIVATE_FILES_ROOT": str(private)}
    backup = tmp_path / "cresol.tar"
    maintenance = urlunsplit(url._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{RESTORED}" WITH (FORCE)')
    try:
        subprocess.run(
            [str(ROOT / "scripts" / "backup.sh"), str(backup)],
            cwd=ROOT,
            env=environment,
            check=True,  # noqa: S603
            capture_output=True,
        )
        subprocess.run(
            [str(ROOT / "scripts" / "restore.sh"), str(backup)],
            cwd=ROOT,
            check=True,
            capture_output=True,  # noqa: S603
            env={
                **environment,
                "RESTORE_DATABASE_URL": restored,
                "RESTORE_MEDIA_ROOT": str(tmp_path / "restored-media"),
                "RESTORE_PRIVATE_FILES_ROOT": str(tmp_path / "restored-private"),
            },
        )

        before = table_counts(source.replace("postgis://", "postgresql://"))
        after = table_counts(restored.replace("postgis://", "postgresql://"))
        assert after == before
        assert before["initiatives_initiative"] == 1 and before["territories_commune"] > 1700  # real content
        restored_image = tmp_path / "restored-media" / "initiatives" / "logo.webp"
        assert restored_image.read_bytes() == b"RIFF....WEBPVP8 image"
        assert (tmp_path / "restored-private" / "ressources" / "a1b2.pdf").read_bytes() == b"%PDF-1.7 guide"
    finally:
        with psycopg.connect(maintenance, autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{RESTORED}" WITH (FORCE)')
