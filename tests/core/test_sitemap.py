"""/sitemap.xml: an index of every section's published pages, in pages of consecutive ids, which cost
the same whatever the size of the tables."""

import re

import pytest

from cresol.core import sitemaps
from tests.factories import InitiativeFactory, make_event, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


def addresses(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", page_text(response))


def test_the_index_lists_each_section_and_each_page_of_a_long_one(
    client, monkeypatch, settings, django_assert_num_queries
):
    settings.PAGE_CACHE = False  # the queries counted are the views' own
    monkeypatch.setattr(sitemaps, "SPAN", 2)
    published = [InitiativeFactory(slug=f"initiative-{number}") for number in range(5)]
    InitiativeFactory(slug="en-attente", status="pending", published_at=None)
    make_event(title="Repair café", slug="repair-cafe")
    make_post(title="Un retour", slug="un-retour")

    with django_assert_num_queries(5):  # one per section's sitemap (initiatives, cooperations, agenda, blog, dossiers)
        index = addresses(client.get("/sitemap.xml"))
    assert "http://testserver/sitemap-pages.xml" in index
    for section in ("agenda", "blog"):  # each from its lowest id's page
        assert any(address.startswith(f"http://testserver/sitemap-{section}.xml") for address in index)
    first = min(initiative.pk for initiative in published) // 2 + 1
    last = max(initiative.pk for initiative in published) // 2 + 1  # the pending one comes after, unlisted
    assert f"http://testserver/sitemap-initiatives.xml?p={last}" in index
    assert f"http://testserver/sitemap-initiatives.xml?p={last + 1}" not in index
    assert len([address for address in index if "sitemap-initiatives" in address]) == last - first + 1

    pages = [address for address in index if "sitemap-initiatives" in address]
    listed = []
    for page in pages:
        with django_assert_num_queries(1):
            listed += addresses(client.get(page))
    assert sorted(listed) == sorted(f"http://testserver/initiatives/{i.slug}/" for i in published)

    def listed_in(section: str) -> list[str]:
        return [
            found
            for address in index
            if address.startswith(f"http://testserver/sitemap-{section}.xml")
            for found in addresses(client.get(address.removeprefix("http://testserver")))
        ]

    assert "http://testserver/agenda/repair-cafe/" in listed_in("agenda")
    assert "http://testserver/blog/un-retour/" in listed_in("blog")
    assert "http://testserver/carte/" in addresses(client.get("/sitemap-pages.xml"))
    assert client.get("/sitemap-initiatives.xml", {"p": last + 1}).status_code == 404
    assert client.get("/sitemap-initiatives.xml", {"p": "deux"}).status_code == 404
    assert client.get("/sitemap-inconnu.xml").status_code == 404


def test_an_item_keeps_its_page_when_others_are_added(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "SPAN", 2)
    first = InitiativeFactory(slug="la-premiere")
    page = f"/sitemap-initiatives.xml?p={first.pk // 2 + 1}"
    before = addresses(client.get(page))
    for number in range(4):
        InitiativeFactory(slug=f"plus-tard-{number}")
    assert "http://testserver/initiatives/la-premiere/" in before
    assert "http://testserver/initiatives/la-premiere/" in addresses(client.get(page))
