"""A territory's page, at every level: its initiatives, events and posts, its neighbours."""

import pytest
from pytest_django.asserts import assertContains

from tests.factories import InitiativeFactory, make_event, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


def fill(start: int = 0, number: int = 1):
    from cresol.territories.models import Commune

    bourges = Commune.objects.get(code="18033")
    for index in range(start, start + number):
        tours = InitiativeFactory(name=f"Ressourcerie de Tours {index}")  # Tours, 37
        make_event(title=f"Repair café de Tours {index}")
        post = make_post(title=f"Un an à Tours {index}", slug=f"tours-{index}")
        post.related_initiatives.add(tours)
    InitiativeFactory(name=f"Épicerie de Bourges {start}", commune=bourges, point=bourges.point)
    make_event(title=f"Marché de Bourges {start}", commune=bourges)


@pytest.mark.parametrize("url", ["/territoires/37/", "/territoires/communes/37261/", "/territoires/epci/243700754/"])
def test_a_territory_page_shows_its_initiatives_events_and_posts_and_not_others(client, url):
    fill()
    page = page_text(client.get(url))
    for title in ("Ressourcerie de Tours 0", "Repair café de Tours 0", "Un an à Tours 0"):
        assert title in page, (url, title)
    assert "Épicerie de Bourges" not in page and "Marché de Bourges" not in page
    assert 'id="territory-outline"' in page  # drawn on the map


def test_the_levels_link_to_each_other_and_unknown_codes_are_404(client):
    fill()
    commune = page_text(client.get("/territoires/communes/37261/"))
    assert 'href="/territoires/37/"' in commune  # its département
    assert 'href="/territoires/communes/37214/"' in commune  # Saint-Cyr-sur-Loire, a neighbour
    departement = page_text(client.get("/territoires/37/"))
    assert 'href="/territoires/41/"' in departement and 'href="/territoires/18/"' not in departement  # touching
    region = page_text(client.get("/territoires/"))
    assert all(f'href="/territoires/{code}/"' in region for code in ("18", "28", "36", "37", "41", "45"))
    for url in ("/territoires/99/", "/territoires/communes/99999/", "/territoires/epci/000000000/"):
        assert client.get(url).status_code == 404
    from initiatives.models import Initiative

    initiative = page_text(client.get(Initiative.objects.get(name="Ressourcerie de Tours 0").get_absolute_url()))
    assert 'href="/territoires/communes/37261/"' in initiative and 'href="/territoires/37/"' in initiative


def test_a_territory_page_runs_the_same_queries_whatever_the_data(client, django_assert_num_queries, page_cache_off):
    fill()
    with django_assert_num_queries(999, exact=False) as few:
        assertContains(client.get("/territoires/37/"), "Ressourcerie de Tours 0")
    fill(start=1, number=6)
    with django_assert_num_queries(len(few.captured_queries)):
        assertContains(client.get("/territoires/37/"), "Ressourcerie de Tours 6")
