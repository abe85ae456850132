"""At a phone's size (375 × 812): the first results come in the first screen, filters behind "Filtrer",
the month as a list, and no page scrolls sideways."""

from datetime import datetime, timedelta

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_on_a_phone_the_filters_wait_behind_a_button_and_the_first_results_are_in_the_first_screen(
    browser_session,
    reference_data,
):
    InitiativeFactory(name="Ressourcerie de Tours")
    make_event(title="Repair café du samedi")
    phone = browser_session(**PHONE)
    page = phone.page

    for url, first_result in [("/initiatives/", "Ressourcerie de Tours"), ("/agenda/", "Repair café du samedi")]:
        page.goto(url)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 130, f"{url}: the header takes {header['height']} px"
        toggle = page.locator(".filters-panel > summary")
        assert toggle.is_visible() and toggle.inner_text().endswith("Filtrer")
        assert not page.locator("form.filters").is_visible()
        result = page.get_by_role("link", name=first_result).first.bounding_box()
        assert result["y"] + result["height"] <= 812, f"{url}: the first result starts at {result['y']} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375

        toggle.click()  # opens the filters, by keyboard as well: it is a <summary>
        assert page.locator("form.filters").is_visible()

    # A filter set: the panel is open and says how many are active.
    page.goto("/initiatives/?departement=37")
    assert page.locator("form.filters").is_visible()
    assert "(1 filtre actif)" in page.locator(".filters-panel > summary").inner_text()
    assert phone.csp_violations == []


def test_on_a_computer_the_filters_are_shown_beside_the_results(browser_session, reference_data):
    InitiativeFactory(name="Ressourcerie de Tours")
    page = browser_session(viewport={"width": 1280, "height": 800}).page
    page.goto("/initiatives/")
    assert page.locator("form.filters").is_visible()
    assert not page.locator(".filters-panel > summary").is_visible()


def test_on_a_phone_the_month_is_a_list_of_the_days_with_events(browser_session, reference_data):
    from agenda.recurrence import PARIS

    start = datetime(2027, 3, 12, 18, 0, tzinfo=PARIS)
    make_event(title="Conférence sur l'énergie citoyenne", start=start, end=start + timedelta(hours=2))
    page = browser_session(**PHONE).page
    page.goto("/agenda/2027/3/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    day = page.locator(".month-grid td", has_text="Conférence")
    assert day.locator(".month-grid__day").inner_text().strip() == "vendredi 12 mars"
    assert "18 h Conférence sur l'énergie citoyenne" in day.inner_text()
    # Only the days that have events are listed.
    assert page.locator(".month-grid td:visible").count() == 1


WIDE_PAGES = [
    "/",
    "/initiatives/",
    "/carte/",
    "/agenda/",
    "/agenda/carte/",
    "/blog/",
    "/veille/",
    "/veille/echeances/",
    "/ressources/",
    "/personnes-ressources/",
    "/donnees/",
    "/observatoire/",
    "/lettre/",
    "/recherche/?q=vélo",
    "/territoires/37/",
    "/thematiques/habitat/",
    "/accessibilite/",
    "/compte/signup/",
]
MEMBER_PAGES = [
    "/blog/ecrire/",
    "/initiatives/proposer/",
    "/agenda/proposer/",
    "/ressources/proposer/",
    "/veille/partager/",
    "/mon-espace/",
    "/personnes-ressources/mon-profil/",
]


def test_no_page_scrolls_sideways_on_a_390_pixel_phone(browser_session, reference_data):
    """/donnees/, /observatoire/ and /blog/ecrire/ did (a wide table, a chart, a toolbar)."""
    from tests.factories import UserFactory, make_post

    member = UserFactory()
    InitiativeFactory(name="Ressourcerie de Tours", submitted_by=member)
    make_event(title="Repair café du samedi")
    make_post(title="Un retour d'expérience", author=member)
    phone = browser_session(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = phone.page
    wide = []
    for url in WIDE_PAGES:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{url}: {width} px")
    assert page.url.endswith("/compte/signup/")  # the loop went through (a positive control)
    log_in(page, member)
    for url in MEMBER_PAGES:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{url}: {width} px")
    assert not wide, wide
    assert phone.csp_violations == []
