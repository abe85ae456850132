"""On a phone, a member gives their hours in the week grid; a visitor finds the initiative with
"Ouvert maintenant" and reads its hours in French."""

import pytest

from cresol.moderation.services import moderation_approve
from initiatives.models import Initiative
from tests.e2e.conftest import PHONE
from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_hours_typed_in_the_grid_on_a_phone_make_the_initiative_open_now_on_the_list(
    browser_session, reference_data, live_server
):
    InitiativeFactory(name="Fermée depuis 2020", opening_hours="2020 Jan 01 10:00-11:00")
    member = UserFactory()
    session = browser_session(**PHONE)
    page = session.page
    log_in(page, member)
    page.goto("/initiatives/proposer/")
    page.get_by_label("Nom de l'initiative").fill("Café associatif de nuit")
    page.get_by_label("Description courte").fill("Un café ouvert jour et nuit, tenu par ses bénévoles.")
    page.get_by_label("Culture et éducation populaire").check()
    page.get_by_label("Type de structure").select_option("association")
    page.get_by_label("Commune").fill("Bourges")
    page.get_by_label("Site web").fill("https://cafe.example.org")
    # Open all day every day: 00:00 to 00:00 (midnight closes the day), holidays included.
    for day in ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]:
        page.get_by_label(f"{day}, 1re plage, ouverture").fill("00:00")
        page.get_by_label(f"{day}, 1re plage, fermeture").fill("00:00")
    page.get_by_label("Fermé les jours fériés").uncheck()
    page.get_by_label("Précisions sur les horaires").fill("Fermé le soir du réveillon")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # the grid wraps, no sideways scroll
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_url("**/merci/")

    initiative = Initiative.objects.get(name="Café associatif de nuit")
    assert initiative.opening_hours == "24/7"
    moderation_approve(obj=initiative, by=ModeratorFactory())

    visitor = browser_session(**PHONE).page
    visitor.goto("/initiatives/")
    visitor.get_by_text("Filtrer", exact=True).first.click()
    visitor.get_by_label("Ouvert maintenant").check()
    visitor.get_by_role("button", name="Filtrer").click()
    visitor.wait_for_url("**ouvert=on**")
    results = visitor.locator("main").inner_text()
    assert "Café associatif de nuit" in results and "Fermée depuis 2020" not in results
    visitor.get_by_role("link", name="Café associatif de nuit").click()
    hours = visitor.locator("#hours-title + .hours__status")
    assert hours.inner_text() == "Ouvert maintenant"
    assert "24 h sur 24" in visitor.locator("table.hours").inner_text()
    assert "Fermé le soir du réveillon" in visitor.locator(".hours__note").inner_text()
    assert not session.csp_violations
