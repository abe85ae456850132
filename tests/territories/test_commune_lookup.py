"""The commune lookup at /territoires/communes/: what forms and maps rely on to find a place."""

import pytest
from django.urls import reverse

from tests.http import page_text

pytestmark = pytest.mark.django_db

URL = reverse("territories:commune_lookup")


def lookup(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("query", ["chateauroux", "Châteauroux", "CHATEAUROUX", "  châteauroux "])
def test_a_name_is_found_whatever_the_accents_and_case(client, query):
    results = lookup(client, q=query)
    assert results[0]["code"] == "36044"
    assert results[0]["name"] == "Châteauroux"
    assert results[0]["label"] == "Châteauroux (36)"


def test_a_postal_code_finds_its_communes_largest_first(client):
    results = lookup(client, q="37000")
    assert results[0]["code"] == "37261"
    assert results[0]["name"] == "Tours"


def test_the_first_digits_of_a_postal_code_suggest_communes(client):
    results = lookup(client, q="451")
    assert results
    assert all(
        any(code.startswith("451") for code in r["postal_codes"]) or r["code"].startswith("451") for r in results
    )


def test_an_exact_name_comes_before_names_that_contain_it(client):
    names = [r["name"] for r in lookup(client, q="tours")]
    assert names[0] == "Tours"
    assert len(names) > 1


def test_hyphens_and_spaces_are_the_same(client):
    assert lookup(client, q="saint cyr sur loire")[0]["code"] == "37214"
    assert lookup(client, q="Saint-Cyr-sur-Loire")[0]["code"] == "37214"


def test_a_result_carries_a_point_to_centre_a_map(client):
    [orleans] = lookup(client, q="orléans", limit=1)
    assert orleans["code"] == "45234"
    assert 47.8 < orleans["lat"] < 48.0
    assert 1.8 < orleans["lon"] < 2.0
    assert orleans["departement"] == "45"


def test_a_point_finds_the_commune_that_contains_it(client):
    assert [r["code"] for r in lookup(client, lat="47.3956", lon="0.6825")] == ["37261"]


def test_a_point_outside_the_region_finds_nothing(client):
    assert lookup(client, lat="48.8566", lon="2.3522") == []


def test_an_unknown_name_finds_nothing(client):
    assert lookup(client, q="Strasbourg") == []


def test_the_lookup_runs_one_query_whatever_the_number_of_results(client, page_cache_off, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(lookup(client, q="saint", limit=50)) == 50


@pytest.mark.parametrize(
    "params",
    [
        {"q": "\"'" * 150},  # 300 quote-laden characters
        {"lat": "47.39"},
        {"lat": "abc", "lon": "0.68"},
        {"lat": "123", "lon": "0.68"},
        {"limit": "-1", "q": "tours"},
        {},
    ],
)
def test_a_malformed_query_is_a_400_with_a_french_message(client, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"] == "Requête invalide."


def test_quotes_and_symbols_within_the_limit_find_nothing_rather_than_fail(client):
    assert lookup(client, q='\'; DROP TABLE "x" --%_\\') == []


def test_a_postal_code_selects_its_communes_on_every_list_map_and_feed(client):
    """/initiatives/?commune=18100 found nothing: 18100 is also the INSEE code of Genouilly, and that
    one commune was taken instead of Vierzon and its neighbours."""
    from tests.factories import InitiativeFactory, _commune, make_event, make_person

    InitiativeFactory(name="Recyclerie de Vierzon", commune=_commune("18279"))
    InitiativeFactory(name="Jardin de Thénioux", commune=_commune("18263"))
    InitiativeFactory(name="Ressourcerie de Tours")  # positive control: elsewhere, left out
    make_event(title="Repair café de Vierzon", commune=_commune("18279"))
    make_person(display_name="Camille de Vierzon", communes=[_commune("18279")])
    for url in ("/initiatives/", "/carte/initiatives.geojson", "/initiatives/export.csv", "/carte/"):
        page = page_text(client.get(url, {"commune": "18100"}))
        if url != "/carte/":
            assert "Recyclerie de Vierzon" in page and "Jardin de Th" in page, url
            assert "Ressourcerie de Tours" not in page, url
    assert "Repair café de Vierzon" in page_text(client.get("/agenda/", {"commune": "18100"}))
    assert "Camille de Vierzon" in page_text(client.get("/personnes-ressources/", {"commune": "18100"}))
    # A name and an INSEE code still work.
    assert "Recyclerie de Vierzon" in page_text(client.get("/initiatives/", {"commune": "vierzon"}))
    assert "Recyclerie de Vierzon" in page_text(client.get("/initiatives/", {"commune": "18279"}))


def test_an_unknown_code_or_name_says_so_beside_the_field(client):
    for url in ("/initiatives/", "/agenda/", "/personnes-ressources/"):
        response = client.get(url, {"commune": "99999"})
        assert response.status_code == 400, url
        assert "Aucune commune de Centre-Val de Loire ne correspond à « 99999 »" in response.content.decode()
    assert client.get("/carte/initiatives.geojson", {"commune": "Lyon"}).status_code == 400
