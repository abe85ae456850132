"""Whatever people or robots put in a URL, the portal answers with a page or a clear 4xx, never a 500."""

import html

import pytest
from pytest_django.asserts import assertContains

from tests.http import page_text

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/mentions-legales/",
    "/territoires/communes/",
    "/compte/login/",
    "/compte/signup/",
    "/themes.css",
]
GARBAGE = [
    "page=999999",
    "page=-1",
    "page=abc",
    "q=%ff%fe",
    "q=" + "%22%27" * 150,
    "%zz=1",
    "q=%00",
    "lat=1e999&lon=nan",
    "limit=99999999999999999999",
    "next=//evil.example/",
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("query", GARBAGE)
def test_a_malformed_query_string_is_never_a_server_error(client, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code < 500


def test_a_login_never_redirects_to_another_site(client):
    from tests.factories import PASSWORD, UserFactory

    member = UserFactory()
    response = client.post(
        "/compte/login/", {"login": member.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


# --- Filters that are invalid, or valid and matching nothing ----------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/carte/?rayon=-5", "Sélectionnez un choix valide. -5 n’en fait pas partie."),
        ("/carte/?departement=99999", "Sélectionnez un choix valide."),
        ("/carte/?lat=abc&lon=1", "Saisissez un nombre."),
        ("/agenda/2026/03/?quand=x", "Quand : Sélectionnez un choix valide. x n’en fait pas partie."),
    ],
)
def test_an_invalid_filter_of_the_map_or_the_month_is_a_400_page_that_names_the_problem(client, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in html.unescape(page_text(response, 400))


def test_the_month_grid_refuses_a_year_too_far_and_accepts_a_real_one(client):
    assert client.get("/agenda/2026/03/?du=9999-12-31").status_code == 400
    assert client.get("/agenda.ics?du=9999-12-31").status_code == 400
    assert client.get("/agenda/?au=9999-12-31").status_code == 400
    assert client.get("/agenda/2026/03/?du=2026-03-01").status_code == 200


def test_a_geojson_filter_that_matches_nothing_is_an_empty_feature_collection(client):
    from tests.factories import InitiativeFactory

    InitiativeFactory(name="Épicerie de Tours")
    empty = client.get("/carte/initiatives.geojson?commune=Genouilly")  # a commune with none
    assert empty.status_code == 200
    assert empty.json()["features"] == []
    unknown = client.get("/carte/initiatives.geojson?commune=abc")  # no such commune: said so
    assert unknown.status_code == 400 and "abc" in unknown.content.decode()
    found = client.get("/carte/initiatives.geojson?commune=37261")
    assert [feature["properties"]["name"] for feature in found.json()["features"]] == ["Épicerie de Tours"]


def test_a_filter_matching_nothing_says_so_instead_of_calling_the_filters_invalid(client):
    from tests.factories import InitiativeFactory, make_event, make_post

    InitiativeFactory(name="Épicerie de Tours")
    make_event(title="Repair café")
    make_post(title="Habiter autrement")
    cases = [
        ("/initiatives/?q=zzzzzz", "/initiatives/?q=Tours", "Aucune initiative ne correspond", "Épicerie de Tours"),
        ("/agenda/?commune=Bourges", "/agenda/", "Aucun événement ne correspond", "Repair café"),
        ("/blog/?tag=inconnu", "/blog/", "Aucun article ne correspond", "Habiter autrement"),
        ("/veille/?q=zzzzzz", "/veille/?q=", "Rien ne correspond", "Aucun partage"),
    ]
    for empty_url, full_url, empty_text, found_text in cases:
        empty = client.get(empty_url)
        assert empty.status_code == 200, empty_url
        assert empty_text in page_text(empty), empty_url
        assert "Filtres invalides" not in page_text(empty), empty_url
        assert found_text in page_text(client.get(full_url)), full_url
    invalid = client.get("/initiatives/?departement=zz")
    assertContains(invalid, "Filtres invalides", status_code=400)


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/flux/?departement=zz",
        "/veille/flux/?theme=inconnue",
        "/blog/flux/?theme=inconnue",
        "/agenda/flux/atom/?du=demain",
        "/veille/flux/atom/?source=abc",
        "/blog/flux/atom/?genre=x",
    ],
)
def test_a_feed_with_a_bad_filter_is_a_400_with_a_french_message(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"] == "Paramètres invalides."


def test_a_feed_with_a_good_filter_is_narrowed_by_it(client):
    import feedparser

    from tests.factories import make_event

    make_event(title="À Tours")
    make_event(title="À Bourges", commune=_commune("18033"))
    titles = [entry.title for entry in feedparser.parse(client.get("/agenda/flux/?departement=18").content).entries]
    assert len(titles) == 1 and titles[0].startswith("À Bourges")


def _commune(code):
    from cresol.territories.models import Commune

    return Commune.objects.get(code=code)


# --- NUL characters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/initiatives/recherche.json?q=a%00b",
        "/blog/auteurs/a%00b/",
        "/veille/partager/?url=a%00b",
        "/carte/?q=%00",
        "/territoires/communes/?q=To%00urs",
    ],
)
def test_a_nul_character_in_an_address_is_a_400(client, url):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(url)
    assertContains(response, "Requête invalide", status_code=400)
    assert client.get(url.replace("%00", "")).status_code in (200, 404)  # the same address without it works
