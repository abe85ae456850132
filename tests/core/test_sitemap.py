"""/sitemap.xml: an index of every section's published pages, in pages of at most 5,000 addresses."""

import re

import pytest

from initiatives.sitemaps import InitiativeSitemap
from tests.factories import InitiativeFactory, make_event, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


def addresses(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", page_text(response))


def test_the_index_lists_each_section_and_each_page_of_a_long_one(client, monkeypatch):
    monkeypatch.setattr(InitiativeSitemap, "limit", 2)
    for number in range(5):
        InitiativeFactory(slug=f"initiative-{number}")
    InitiativeFactory(slug="en-attente", status="pending", published_at=None)
    make_event(title="Repair café", slug="repair-cafe")
    make_post(title="Un retour", slug="un-retour")

    index = addresses(client.get("/sitemap.xml"))
    assert "http://testserver/sitemap-initiatives.xml?p=3" in index
    assert "http://testserver/sitemap-initiatives.xml?p=4" not in index
    for section in ("pages", "agenda", "blog"):
        assert f"http://testserver/sitemap-{section}.xml" in index

    pages = [addresses(client.get("/sitemap-initiatives.xml", {"p": p})) for p in (1, 2, 3)]
    listed = [address for page in pages for address in page]
    assert sorted(listed) == sorted(f"http://testserver/initiatives/initiative-{n}/" for n in range(5))
    assert "http://testserver/agenda/repair-cafe/" in addresses(client.get("/sitemap-agenda.xml"))
    assert "http://testserver/blog/un-retour/" in addresses(client.get("/sitemap-blog.xml"))
    assert "http://testserver/carte/" in addresses(client.get("/sitemap-pages.xml"))
    assert client.get("/sitemap-initiatives.xml", {"p": 9}).status_code == 404
