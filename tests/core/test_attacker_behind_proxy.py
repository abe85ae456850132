"""Tried as an attacker would: the portal under gunicorn behind the project's Caddyfile (Debian's Caddy),
asked through the proxy only, as on a deployment (issue 24's "done when")."""

import os
import re
from pathlib import Path

import httpx
import pytest
from django.core.files.base import ContentFile

from blog.library.models import Resource
from cresol.moderation.models import Status
from tests.factories import PASSWORD, UserFactory
from tests.servers import caddy_in_front, database_url_for_tests, portal_under_gunicorn

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def proxy(reference_data, tmp_path, _private_files):
    (tmp_path / "media").mkdir()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url_for_tests(),
        "PRIVATE_FILES_ROOT": str(_private_files),
        "MEDIA_ROOT": str(tmp_path / "media"),
        # A small page cache: flooding it past its capacity takes 150 pages, not 1,000 (90 s).
        "PAGE_CACHE_MAX_ENTRIES": "100",
    }
    with (
        portal_under_gunicorn(environment, root=ROOT) as portal,
        caddy_in_front(portal, media_dir=tmp_path / "media", root=ROOT) as proxy,
    ):
        yield proxy


def log_in(browser: httpx.Client, email: str, password: str) -> httpx.Response:
    page = browser.get("/compte/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post(
        "/compte/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{browser.base_url}/compte/login/"},
    )


def test_the_login_lock_survives_more_distinct_pages_than_the_page_cache_holds_through_the_proxy(proxy):
    member = UserFactory()
    with httpx.Client(base_url=proxy, timeout=10) as attacker:
        for _ in range(6):
            log_in(attacker, member.email, "mauvais mot de passe")
        assert "Trop de tentatives" in log_in(attacker, member.email, PASSWORD).text
        with httpx.Client(base_url=proxy, timeout=10) as flood:
            statuses = {flood.get(f"/initiatives/?q=a{number}").status_code for number in range(150)}
        assert statuses == {200}
        locked = log_in(attacker, member.email, PASSWORD)
        assert "Trop de tentatives" in locked.text and locked.status_code == 200


def test_a_pending_resources_file_is_a_404_through_the_proxy_for_anyone_but_its_author(proxy):
    author = UserFactory()
    resource = Resource(
        title="Rapport interne",
        slug="rapport-interne",
        summary="Pas encore relu.",
        kind="rapport",
        author_name="Cré-sol",
        submitted_by=author,
        status=Status.PENDING,
    )
    resource.file.save("rapport.pdf", ContentFile(b"%PDF-1.7 confidentiel"), save=True)
    name = resource.file.name
    with httpx.Client(base_url=proxy, timeout=10) as visitor:
        assert visitor.get(f"/ressources/fichiers/{name}").status_code == 404
        assert visitor.get(f"/media/{name}").status_code == 404
        assert visitor.get("/media/ressources/2026/rapport-interne.pdf").status_code == 404  # the old address
    with httpx.Client(base_url=proxy, timeout=10) as browser:
        assert log_in(browser, author.email, PASSWORD).status_code == 302
        served = browser.get(f"/ressources/fichiers/{name}")
        assert served.status_code == 200 and served.content == b"%PDF-1.7 confidentiel"
        assert served.headers["content-disposition"] == 'attachment; filename="rapport-interne.pdf"'
        assert served.headers["content-security-policy"].startswith("sandbox")
        assert served.headers["cache-control"] == "private, no-store"
