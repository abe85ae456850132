"""A member proposes a weekly event, a moderator approves it, it shows in /agenda/ and /agenda.ics."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_initiative_journey import log_in
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_weekly_event_proposed_and_approved_shows_with_its_dates_and_in_the_calendar(
    browser_session, reference_data, live_server
):
    member, moderator = UserFactory(), ModeratorFactory()
    today = timezone.localdate()
    first = today + timedelta(days=(1 - today.weekday()) % 7 or 7)  # next Tuesday
    until = first + timedelta(weeks=3)

    contributor = browser_session()
    log_in(contributor.page, member)
    page = contributor.page
    page.goto("/agenda/proposer/")
    page.get_by_label("Titre").fill("Atelier couture du mardi")
    page.get_by_label("Type d'événement").select_option("atelier")
    page.locator("input[name=day]").fill(first.isoformat())
    page.get_by_label("Heure de début").fill("18:00")
    page.get_by_label("Heure de fin").fill("20:00")
    # A one-off event shows no repetition fields; a weekly one shows its days, not the month's options.
    assert page.get_by_label("Jusqu'au").is_hidden()
    page.get_by_label("Se répète").select_option("WEEKLY")
    assert page.get_by_label("Jusqu'au").is_visible() and page.get_by_label("Chaque mois").is_hidden()
    page.get_by_label("mardi").check()
    page.get_by_label("Jusqu'au").fill(until.isoformat())
    page.get_by_label("Commune").fill("Tours")
    page.get_by_label("Ou organisé par").fill("Les Fils solidaires")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_url("**/merci/")
    assert "toutes les semaines le mardi" in page.content()

    staff = browser_session()
    log_in(staff.page, moderator)
    staff.page.goto("/admin/agenda/event/?status__exact=pending")
    staff.page.get_by_role("link", name="Atelier couture du mardi").click()
    staff.page.locator("select[name='CHANGE_FORM-action']").select_option("approve_selected")
    staff.page.get_by_role("button", name="Exécuter").first.click()
    staff.page.get_by_text("1 contenu publié.").wait_for()  # the decision is made

    visitor = browser_session()
    visitor.page.goto("/agenda/")
    cards = visitor.page.get_by_role("link", name="Atelier couture du mardi")
    assert cards.count() == 1  # the series once, at its next Tuesday, with its rule
    assert "Prochaine date de la série : toutes les semaines le mardi" in visitor.page.content()
    visitor.page.goto(f"/agenda/{first.year}/{first.month}/")
    assert visitor.page.get_by_role("link", name="Atelier couture du mardi").count() >= 1  # each date in the month
    visitor.page.goto("/agenda/")
    cards.first.click()
    expect(visitor.page.locator("main")).to_contain_text("Se répète toutes les semaines le mardi")
    calendar = icalendar.Calendar.from_ical(visitor.page.request.get(f"{live_server.url}/agenda.ics").body())
    [vevent] = list(calendar.walk("VEVENT"))
    assert str(vevent["summary"]) == "Atelier couture du mardi"
    assert vevent["rrule"]["FREQ"] == ["WEEKLY"]
    # The agenda's map shares the portal's map script, and says what it shows.
    visitor.page.goto("/agenda/carte/")
    visitor.page.wait_for_selector("html[data-map-ready]")
    assert (
        visitor.page.locator("[data-map-status]").inner_text() == "1 événement sur la carte."
    )  # one marker per event, whatever its dates
    for session in (contributor, staff, visitor):
        assert session.csp_violations == []
