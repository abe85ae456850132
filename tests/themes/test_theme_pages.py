"""A theme's page gathers the four sections; /themes/ lists them with what each holds."""

from datetime import date, timedelta

import pytest
from pytest_django.asserts import assertContains

from cresol.themes.models import Theme
from cresol.themes.services import theme_save
from tests.factories import InitiativeFactory, make_event, make_post, make_share
from tests.http import page_text

pytestmark = pytest.mark.django_db


def fill(theme, other, number: int = 1, start: int = 0):
    for index in range(start, start + number):
        InitiativeFactory(name=f"Ressourcerie {index}", themes=[theme])
        make_event(title=f"Repair café {index}", themes=[theme])
        make_post(title=f"Réparer plutôt que jeter {index}", slug=f"reparer-{index}", themes=[theme])
        make_share(
            title=f"Guide du réemploi {index}",
            url=f"https://example.org/guide-{index}",
            themes=[theme],
            deadline=date.today() + timedelta(days=10),
        )
    InitiativeFactory(name="Habitat groupé", themes=[other])
    make_post(title="Habiter autrement", slug=f"habiter-{start}", themes=[other])


def test_a_theme_page_shows_all_four_sections_each_with_its_filtered_link(client):
    theme, other = Theme.objects.get(slug="reemploi-zero-dechet"), Theme.objects.get(slug="habitat")
    theme.intro = "Le **réemploi** en région."
    theme_save(theme=theme)
    fill(theme, other)
    page = page_text(client.get("/themes/reemploi-zero-dechet/"))
    assert "<strong>réemploi</strong> en région" in page
    for title in ("Ressourcerie 0", "Repair café 0", "Réparer plutôt que jeter 0", "Guide du réemploi 0"):
        assert title in page
    assert "Habitat groupé" not in page and "Habiter autrement" not in page  # other themes stay out
    for link in (
        "/initiatives/?theme=reemploi-zero-dechet",
        "/agenda/?theme=reemploi-zero-dechet",
        "/blog/?theme=reemploi-zero-dechet",
        "/veille/?theme=reemploi-zero-dechet",
    ):
        assert f'href="{link}"' in page
    assert 'data-query="theme=reemploi-zero-dechet"' in page  # the small map shows the theme only
    assert client.get("/themes/inconnu/").status_code == 404


def test_the_theme_page_runs_the_same_queries_whatever_the_data(client, django_assert_num_queries, page_cache_off):
    theme, other = Theme.objects.get(slug="reemploi-zero-dechet"), Theme.objects.get(slug="habitat")
    fill(theme, other, 1)
    with django_assert_num_queries(999, exact=False) as few:
        assertContains(client.get("/themes/reemploi-zero-dechet/"), "Ressourcerie 0")
    fill(theme, other, 6, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        assertContains(client.get("/themes/reemploi-zero-dechet/"), "Ressourcerie 5")


def test_the_themes_list_counts_what_each_section_holds(client, django_assert_max_num_queries, page_cache_off):
    theme, other = Theme.objects.get(slug="reemploi-zero-dechet"), Theme.objects.get(slug="habitat")
    fill(theme, other, 2)
    with django_assert_max_num_queries(8):
        page = page_text(client.get("/themes/"))
    card = page.split('href="/themes/reemploi-zero-dechet/"')[1].split("</article>")[0]
    assert "2 initiatives · 2 événements · 2 articles · 2 partages" in card
    habitat = page.split('href="/themes/habitat/"')[1].split("</article>")[0]
    assert "1 initiative · 1 article" in habitat, habitat
    assertContains(client.get("/"), 'href="/themes/"')
