"""From "Mon espace": on a phone, a member finds their refused initiative and sends it back corrected;
on a computer, an organiser's change to a published event reaches the moderators' admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agenda.models import Event, EventChangeRequest
from cresol.moderation.models import Status
from initiatives.models import Initiative
from tests.e2e.conftest import PHONE
from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_on_a_phone_a_member_fixes_a_refused_initiative_from_their_space(browser_session, reference_data):
    member = UserFactory()
    refused = InitiativeFactory(
        submitted_by=member,
        name="Atelier vélo",
        status=Status.REFUSED,
        refusal_reason="Dites en bref ce que fait l'atelier.",
    )
    session = browser_session(**PHONE)
    page = session.page
    log_in(page, member)
    assert "Dites en bref ce que fait l'atelier." in page.locator("main").inner_text()
    page.get_by_role("link", name="Corriger et renvoyer à la relecture : Atelier vélo").click()
    page.get_by_label("Description courte").fill("On répare son vélo ensemble, le samedi matin.")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/mon-espace/")
    refused.refresh_from_db()
    assert refused.status == Status.PENDING and refused.summary == "On répare son vélo ensemble, le samedi matin."
    assert "En attente" in page.locator(".contribution", has_text="Atelier vélo").inner_text()
    # It can still be taken back before review.
    page.get_by_role("button", name="Retirer de la relecture : Atelier vélo").click()
    page.wait_for_url("**/mon-espace/")
    assert Initiative.objects.get(pk=refused.pk).status == Status.DRAFT
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert session.csp_violations == []


def test_an_organisers_change_to_a_published_event_reaches_the_admin(browser_session, reference_data):
    organiser, moderator = UserFactory(), ModeratorFactory()
    start = (timezone.localtime() + timedelta(days=5)).replace(hour=18, minute=0, second=0, microsecond=0)
    event = make_event(
        title="Fête du quartier",
        slug="fete",
        start=start,
        end=start + timedelta(hours=3),
        venue_name="Place du marché",
        submitted_by=organiser,
    )
    contributor = browser_session()
    page = contributor.page
    log_in(page, organiser)
    page.get_by_role("link", name="Proposer une modification : Fête du quartier").click()
    page.get_by_label("Ou nom du lieu").fill("Salle des fêtes")
    page.get_by_label("Un mot pour l'équipe de modération").fill("Prévision de pluie.")
    page.get_by_role("button", name="Envoyer mes modifications").click()
    page.wait_for_url("**/agenda/fete/")
    assert "Place du marché" in page.locator("main").inner_text()  # unchanged until applied
    assert EventChangeRequest.objects.count() == 1

    staff = browser_session()
    log_in(staff.page, moderator)
    staff.page.goto("/admin/agenda/eventchangerequest/")
    staff.page.locator("#result_list a", has_text="Fête du quartier").first.click()
    comparison = staff.page.locator("table", has_text="actuellement").inner_text()
    assert "Place du marché" in comparison and "Salle des fêtes" in comparison
    staff.page.goto("/admin/agenda/eventchangerequest/")
    staff.page.locator("input[name=_selected_action]").check()
    staff.page.locator("select[name=action]").select_option("apply_changes")
    staff.page.get_by_role("button", name="Exécuter").first.click()
    staff.page.get_by_text("Modifications appliquées").wait_for()
    assert Event.objects.get(pk=event.pk).venue_name == "Salle des fêtes"
    assert contributor.csp_violations == [] and staff.csp_violations == []
