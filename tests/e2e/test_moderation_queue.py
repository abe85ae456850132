"""A moderator clears « À traiter » with the keyboard alone; the page passes axe's automated checks."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cresol.moderation.models import Status
from initiatives.models import Report
from initiatives.services import report_create
from tests.e2e.test_accessibility import violations
from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_moderator_refuses_and_treats_from_the_queue_with_the_keyboard(
    browser, browser_session, live_server, reference_data
):
    member = UserFactory(display_name="Léa Membre")
    pending = InitiativeFactory(
        name="Épicerie sans site",
        status=Status.PENDING,
        submitted_by=member,
        submitted_at=timezone.now() - timedelta(days=3),
    )
    report = report_create(initiative=InitiativeFactory(name="Recyclerie fermée"), reason=Report.Reason.GONE)
    moderator = ModeratorFactory()
    session = browser_session()
    page = session.page
    log_in(page, moderator)
    page.goto("/admin/")
    page.get_by_role("link", name="Tout ce qui est à traiter, du plus ancien au plus récent").click()
    expect(page.locator("h1")).to_have_text("À traiter")

    # axe is injected as a script: only a context that bypasses the CSP may run it.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="fr-FR")
    checked = context.new_page()
    log_in(checked, moderator)
    assert violations(checked, "/admin/a-traiter/") == []
    # The health page too, with a partner's calendar failing for a week.
    from agenda.models import ImportSource
    from cresol.core.services import fetch_failed

    source = ImportSource.objects.create(name="Mairie de Vierzon", url="https://vierzon.example.org/agenda.ics")
    fetch_failed(source, "HTTP 410 Gone")
    ImportSource.objects.filter(pk=source.pk).update(failing_since=timezone.now() - timedelta(days=7))
    assert violations(checked, "/admin/sante/") == []
    assert "Mairie de Vierzon" in checked.content()
    # The statistics, and the side-by-side page of two records to merge.
    assert violations(checked, "/admin/statistiques/") == []
    twin = InitiativeFactory(name="Recyclerie fermée (import)")
    assert violations(checked, f"/admin/initiatives/initiative/fusionner/{report.initiative_id}/{twin.pk}/") == []
    context.close()

    # Refusing without a reason: the error is beside the field, the field keeps the focus order.
    row = page.locator(".queue-row", has_text="Épicerie sans site")
    row.locator("summary").focus()
    page.keyboard.press("Enter")  # opens the reason's box
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.type("Aucune activité vérifiable : donnez un site ou un contact.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Refuser — fait")
    pending.refresh_from_db()
    assert pending.status == Status.REFUSED

    page.locator(".queue-row", has_text="Recyclerie fermée").get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Marquer comme traité — fait")
    assert Report.objects.get(pk=report.pk).resolved
    expect(page.locator(".moderation-queue")).to_contain_text("Rien n'attend")
    assert session.csp_violations == []
