"""The proxy of docker-compose, for real: Debian's Caddy with the project's Caddyfile in front of the
portal under gunicorn. Pages come compressed, images straight from the media folder."""

import os
from pathlib import Path

import httpx
import pytest

from tests.factories import InitiativeFactory
from tests.servers import caddy_in_front, database_url_for_tests, portal_under_gunicorn

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_are_compressed_and_images_served_with_a_long_cache(reference_data, tmp_path):
    from initiatives.generator import build, save_generated

    save_generated(build(30, seed=3))  # an export of some size, streamed in chunks
    InitiativeFactory(name="Ressourcerie derrière le proxy")
    (tmp_path / "initiatives").mkdir()
    (tmp_path / "initiatives" / "logo.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url_for_tests()}
    with (
        portal_under_gunicorn(environment, root=ROOT) as portal,
        caddy_in_front(portal, media_dir=tmp_path, root=ROOT) as proxy,
    ):
        page = httpx.get(f"{proxy}/initiatives/?q=proxy", headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200 and page.headers["content-encoding"] == "gzip"
        assert "Ressourcerie derrière le proxy" in page.text  # httpx undoes the gzip layer
        raw = httpx.get(f"{proxy}/initiatives/export.csv", headers={"Accept-Encoding": "gzip"})
        assert raw.headers["content-encoding"] == "gzip" and "Ressourcerie derrière le proxy" in raw.text
        plain = httpx.get(f"{proxy}/initiatives/?q=proxy", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and "Ressourcerie" in plain.text  # positive control

        image = httpx.get(f"{proxy}/media/initiatives/logo.webp")
        assert image.status_code == 200 and image.content.startswith(b"RIFF")
        assert image.headers["cache-control"] == "public, max-age=604800"
        assert image.headers["x-content-type-options"] == "nosniff"
        assert httpx.get(f"{proxy}/media/../settings.py").status_code == 404
