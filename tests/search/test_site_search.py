"""/recherche/: one French search over the four sections, accents and typos forgiven."""

import pytest
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, make_event, make_post, make_share
from tests.http import page_text

pytestmark = pytest.mark.django_db


def world():
    InitiativeFactory(name="Épicerie solidaire du Sanitas", summary="Des produits frais à petit prix.")
    InitiativeFactory(name="Ressourcerie du Cher")
    InitiativeFactory(name="Épicerie en attente", status=Status.PENDING, published_at=None)
    make_event(title="Inauguration de l'épicerie solidaire", summary="Venez goûter les produits.")
    make_post(title="Un an d'épiceries solidaires", slug="un-an", lead="Ce que nous avons appris.")
    make_share(title="Épicerie solidaire : le guide", url="https://example.org/guide")
    make_share(title="Appel à projets énergie", url="https://example.org/energie")


@pytest.mark.parametrize("typed", ["épicerie solidaire", "EPICERIES", "epicrie solidare"])
def test_one_search_finds_an_initiative_an_event_a_post_and_a_share_despite_accents_and_typos(client, typed):
    world()
    page = page_text(client.get("/recherche/", {"q": typed}))
    for title in (
        "Épicerie solidaire du Sanitas",
        "Inauguration de l&#x27;épicerie solidaire",
        "Un an d&#x27;épiceries solidaires",
        "Épicerie solidaire : le guide",
    ):
        assert title in page, (typed, title)
    assert "Ressourcerie du Cher" not in page and "Appel à projets énergie" not in page
    assert "Épicerie en attente" not in page  # only what is published
    for section in ("Archipel O Centre", "Agenda citoyen", "Blog contributif", "Veille partagée"):
        assert f">{section} <small>" in page


def test_the_words_found_are_highlighted_and_escaped(client):
    InitiativeFactory(name="Atelier <b>vélo</b>", summary="Un atelier où l'on répare son vélo <script>.")
    page = page_text(client.get("/recherche/", {"q": "vélo"}))
    assert "<mark>vélo</mark>" in page
    assert "<script>." not in page  # PostgreSQL's extract drops what looks like a tag; the rest is escaped
    assert "Atelier &lt;b&gt;vélo&lt;/b&gt;" in page


def test_filters_by_theme_and_departement_and_a_bad_filter_is_a_400(client):
    world()
    habitat = Theme.objects.get(slug="habitat")
    InitiativeFactory(name="Épicerie de l'habitat groupé", themes=[habitat])
    by_theme = page_text(client.get("/recherche/", {"q": "épicerie", "theme": "habitat"}))
    assert "Épicerie de l&#x27;habitat groupé" in by_theme and "Épicerie solidaire du Sanitas" not in by_theme
    in_37 = page_text(client.get("/recherche/", {"q": "épicerie", "departement": "37"}))
    assert "Épicerie solidaire du Sanitas" in in_37  # Tours
    assert "Épicerie solidaire du Sanitas" not in page_text(
        client.get("/recherche/", {"q": "épicerie", "departement": "18"})
    )
    bad = client.get("/recherche/", {"q": "épicerie", "departement": "99"})
    assertContains(bad, "Sélectionnez un choix valide", status_code=400)


def test_the_search_runs_the_same_queries_whatever_the_data(
    client, django_assert_num_queries, django_assert_max_num_queries, page_cache_off
):
    world()
    with django_assert_num_queries(999, exact=False) as few:
        assertContains(client.get("/recherche/", {"q": "épicerie"}), "Épicerie solidaire du Sanitas")
    for number in range(8):
        InitiativeFactory(name=f"Épicerie numéro {number}")
        make_share(title=f"Épicerie {number}", url=f"https://example.org/{number}")
    # Bounded: with few matches the typo search adds one count per section, with many it is skipped.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/recherche/", {"q": "épicerie"})
    assertContains(response, "Voir les 9 initiatives dans la section")


def test_the_header_offers_the_search_and_browsers_get_an_opensearch_description(client):
    home = page_text(client.get("/"))
    assert 'action="/recherche/"' in home and 'name="q"' in home
    assert 'rel="search" type="application/opensearchdescription+xml"' in home
    description = client.get("/opensearch.xml")
    assert description["Content-Type"] == "application/opensearchdescription+xml"
    assertContains(description, 'template="http://testserver/recherche/?q={searchTerms}"')
    assertContains(client.get("/recherche/"), "Rechercher sur le portail")  # no search yet: the form


def test_a_communes_name_or_postal_code_leads_to_its_territory_page(client):
    """Typing "Vierzon" listed look-alikes of its name, never Vierzon's own page."""
    for typed in ("vierzon", "Vierzon", "18100"):
        page = page_text(client.get("/recherche/", {"q": typed}))
        assert '<a href="/territoires/communes/18279/">Vierzon (18)</a> — la page de la commune' in page, typed
    page = page_text(client.get("/recherche/", {"q": "Cher"}))
    assert '<a href="/territoires/18/">Cher (18)</a>' in page or 'href="/territoires/18/"' in page
    assert "/territoires/communes/" not in page_text(client.get("/recherche/", {"q": "réemploi"}))  # none named so


def test_past_the_bound_the_count_says_more_than_and_the_best_come_first(client, monkeypatch):
    """At national scale a common word matches tens of thousands: counted up to a bound, said "plus de",
    and the best ranked among those the index gives first."""
    from cresol.search import query

    monkeypatch.setattr(query, "BOUND", 3)
    for number in range(5):
        InitiativeFactory(name=f"Jardin partagé {number}", summary="Des légumes.")
    InitiativeFactory(name="Association du quartier", summary="Un jardin partagé aussi.")
    page = page_text(client.get("/recherche/", {"q": "jardin"}))
    assert "Archipel O Centre <small>(plus de 3 initiatives)</small>" in page
    assert "Plus de 3 résultats pour « jardin »" in page
    assert "Voir les initiatives dans la section (plus de 3 initiatives)" in page
    # Positive control: under the bound, the exact count, as before (another address: not the cached page).
    monkeypatch.setattr(query, "BOUND", 1000)
    page = page_text(client.get("/recherche/", {"q": "jardin", "theme": ""}))
    assert "Archipel O Centre <small>(6 initiatives)</small>" in page
    assert "6 résultats pour « jardin »" in page
