"""A visitor on a phone, with the keyboard, saves the alert "jardins partagés à 20 km de Bourges" from
the initiatives' list, confirms it from the e-mail, and receives one e-mail listing the new initiative and
the new event that match — and nothing twice."""

import re
from urllib.parse import urlparse

import pytest

from cresol.alerts.services import alerts_send
from cresol.territories.models import Commune
from tests.e2e.conftest import PHONE
from tests.factories import InitiativeFactory, make_event
from tests.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_saves_an_alert_on_a_phone_and_hears_once(browser_session, reference_data, mailoutbox):
    bourges = Commune.objects.get(code="18033")
    session = browser_session(**PHONE)
    page = session.page
    page.goto("/initiatives/?q=jardins+partag%C3%A9s&commune=Bourges")
    page.get_by_role("link", name="Me prévenir").click()
    assert page.get_by_role("checkbox", name=re.compile("Les nouvelles initiatives")).is_checked()
    assert page.get_by_label("Mots-clés").input_value() == "jardins partagés"
    page.get_by_role("checkbox", name=re.compile("Les nouveaux événements")).focus()
    page.keyboard.press("Space")
    page.get_by_label("Rayon autour de la commune, en km").focus()
    page.keyboard.type("20")
    page.get_by_role("radio", name=re.compile("Chaque jour")).focus()
    page.keyboard.press("Space")
    page.get_by_label("Votre adresse e-mail").focus()
    page.keyboard.type("camille@example.net")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "envoyé à camille@example.net" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways

    run_worker_until_idle()
    [confirmation] = mailoutbox
    page.goto(urlparse(re.search(r"https?://\S+/alertes/confirmer/\S+", confirmation.body).group(0)).path)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirmer mon alerte").press("Enter")
    assert "est confirmé" in page.locator("main").inner_text()
    assert session.csp_violations == []
    mailoutbox.clear()

    InitiativeFactory(name="Jardins partagés des Gibjoncs", commune=bourges)
    make_event(title="Fête des jardins partagés", commune=Commune.objects.get(code="18205"))
    InitiativeFactory(name="Jardins partagés de Tours", commune=Commune.objects.get(code="37261"))
    for _run in range(2):  # the job run twice: once sent
        alerts_send()
        run_worker_until_idle()
    [mail] = mailoutbox
    assert mail.to == ["camille@example.net"]
    assert "Jardins partagés des Gibjoncs" in mail.body and "Fête des jardins partagés" in mail.body
    assert "de Tours" not in mail.body


def test_a_member_makes_an_alert_and_changes_then_deletes_it_from_their_space(browser_session, reference_data):
    from tests.e2e.test_initiative_journey import log_in
    from tests.factories import UserFactory

    member = UserFactory()
    session = browser_session()
    page = session.page
    log_in(page, member)
    page.goto("/agenda/?q=repair")
    page.get_by_role("link", name="Me prévenir").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Créer l'alerte").click()
    assert "Votre alerte est enregistrée" in page.locator(".messages").inner_text()
    alerts = page.locator("section", has=page.get_by_role("heading", name="Mes alertes"))
    assert "événements : « repair »" in alerts.inner_text() and "Chaque lundi" in alerts.inner_text()
    with page.expect_navigation():
        alerts.get_by_role("button", name=re.compile("Plutôt chaque jour")).click()
    assert "Chaque jour" in alerts.inner_text()
    with page.expect_navigation():
        alerts.get_by_role("button", name=re.compile("Supprimer")).click()
    assert "L'alerte est supprimée" in page.locator(".messages").inner_text()
    assert "Aucune alerte pour l'instant" in alerts.inner_text()
    assert session.csp_violations == []
