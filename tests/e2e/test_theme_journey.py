"""From an initiative's page, a click reaches its theme's page and its commune's, which show the sections."""

import pytest

from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, make_event, make_post, make_share

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_an_initiative_to_its_themes_page_across_the_sections(browser_session, reference_data):
    theme = Theme.objects.get(slug="reemploi-zero-dechet")
    initiative = InitiativeFactory(name="Ressourcerie du Cher", slug="ressourcerie-du-cher", themes=[theme])
    make_event(title="Repair café", themes=[theme])
    make_post(title="Réparer plutôt que jeter", slug="reparer", themes=[theme])
    make_share(title="Guide du réemploi", url="https://example.org/guide", themes=[theme])
    session = browser_session()
    page = session.page
    page.goto(initiative.get_absolute_url())
    page.locator("main").get_by_role("link", name="Réemploi et zéro déchet").first.click()
    page.wait_for_url("**/themes/reemploi-zero-dechet/")
    for heading in ("Les initiatives", "Les prochains événements", "Dans le blog", "Dans la veille"):
        assert page.get_by_role("heading", name=heading).is_visible()
    page.locator("[data-map-status]").filter(has_text="1 initiative sur la carte.").wait_for()
    for text in ("Repair café", "Réparer plutôt que jeter", "Guide du réemploi"):
        assert page.get_by_text(text).first.is_visible()
    assert session.csp_violations == []


def test_from_an_initiative_to_its_communes_page(browser_session, reference_data):
    initiative = InitiativeFactory(name="Ressourcerie de Tours", slug="ressourcerie-de-tours")
    make_event(title="Repair café de Tours")
    session = browser_session()
    page = session.page
    page.goto(initiative.get_absolute_url())
    page.locator("main").get_by_role("link", name="Tours", exact=True).click()
    page.wait_for_url("**/territoires/communes/37261/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Tours")
    page.locator("[data-map-status]").filter(has_text="1 initiative sur la carte.").wait_for()
    assert page.get_by_text("Repair café de Tours").first.is_visible()
    assert page.get_by_role("link", name="Indre-et-Loire (37)").first.is_visible()
    assert session.csp_violations == []
