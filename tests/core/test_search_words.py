"""Searching the lists of every section: accents and case ignored, each word anywhere."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import InitiativeFactory, make_event, make_post, make_share

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, typed",
    [
        ("/initiatives/", "epicerie"),
        ("/initiatives/", "ÉPICERIE solidaire"),
        ("/initiatives/", "epicerie tours"),
        ("/agenda/", "epicerie"),
        ("/blog/", "Epicerie"),
        ("/veille/", "épicerie"),
    ],
)
def test_a_search_ignores_accents_and_case_in_every_section(client, url, typed):
    InitiativeFactory(name="Épicerie solidaire du Sanitas")
    InitiativeFactory(name="Ressourcerie du Cher")
    make_event(title="Ouverture de l'épicerie solidaire")
    make_event(title="Repair café")
    make_post(title="Une épicerie solidaire, un an après", slug="epicerie")
    make_post(title="Habiter autrement", slug="habiter")
    make_share(title="Guide des épiceries solidaires", url="https://example.org/epiceries")
    make_share(title="Appel à projets énergie", url="https://example.org/energie")

    response = client.get(url, {"q": typed})
    found = {
        "/initiatives/": "Épicerie solidaire du Sanitas",
        "/agenda/": "Ouverture de l&#x27;épicerie",
        "/blog/": "Une épicerie solidaire, un an après",
        "/veille/": "Guide des épiceries solidaires",
    }[url]
    other = {
        "/initiatives/": "Ressourcerie du Cher",
        "/agenda/": "Repair café",
        "/blog/": "Habiter autrement",
        "/veille/": "Appel à projets énergie",
    }[url]
    assertContains(response, found)
    assertNotContains(response, other)
    assertContains(client.get(url), other)  # the positive control: without the search, it is listed


def test_every_word_must_match_somewhere(client):
    InitiativeFactory(name="Épicerie solidaire du Sanitas")  # in Tours
    assertContains(client.get("/initiatives/", {"q": "epicerie tours"}), "Épicerie solidaire du Sanitas")
    assertNotContains(client.get("/initiatives/", {"q": "epicerie bourges"}), "Épicerie solidaire du Sanitas")
