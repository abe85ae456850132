"""A visitor on a phone finds a cooperation facilitator serving their EPCI and writes to them; the
message arrives as an e-mail whose address the visitor never saw. Then staff send the monthly letter to
a confirmed subscriber, and a second send does nothing."""

import pytest
from playwright.sync_api import expect

from cresol.letter import services as letter_services
from cresol.letter.models import Letter, Subscriber
from cresol.territories.models import Commune, Departement
from tests.e2e.conftest import PHONE
from tests.e2e.test_initiative_journey import log_in
from tests.factories import ModeratorFactory, make_person
from tests.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_finds_a_facilitator_in_their_epci_and_the_message_arrives(
    browser_session, reference_data, mailoutbox
):
    vierzon = Commune.objects.select_related("epci").get(code="18279")
    person = make_person(display_name="Camille Martin", epcis=[vierzon.epci], skills=["cooperation"])
    make_person(display_name="Loin d'ici", departements=[Departement.objects.get(code="28")])
    run_worker_until_idle()
    mailoutbox.clear()

    session = browser_session(**PHONE)
    page = session.page
    page.goto("/personnes-ressources/")
    page.get_by_text("Filtrer", exact=True).first.click()  # the filters wait behind a button on a phone
    page.get_by_label("Intercommunalité").select_option(label=vierzon.epci.name)
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/personnes-ressources/?*epci=*")
    results = page.locator("main .cards")
    assert "Camille Martin" in results.inner_text() and "Loin d'ici" not in results.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing scrolls sideways

    results.get_by_role("link", name="Camille Martin").click()
    expect(page.locator("h1")).to_contain_text("Camille Martin")
    assert person.user.email not in page.content()
    page.get_by_label("Votre nom").fill("Léa Visiteuse")
    page.get_by_label("Votre adresse e-mail").fill("lea@example.net")
    page.get_by_label("Votre message").fill("Bonjour, nous montons une épicerie solidaire : pouvez-vous nous aider ?")
    page.get_by_role("button", name="Envoyer le message").click()
    assert "Votre message est envoyé à Camille Martin" in page.locator(".messages").inner_text()
    assert session.csp_violations == []

    run_worker_until_idle()  # what `make run`'s worker does in the background
    [mail] = mailoutbox
    assert mail.to == [person.user.email] and mail.reply_to == ["lea@example.net"]
    assert "épicerie solidaire" in mail.body


def test_staff_send_the_monthly_letter_once_from_the_admin(browser_session, reference_data, mailoutbox):
    month = letter_services.add_months(letter_services.month_start(letter_services.timezone.localdate()), -1)
    letter = letter_services.letter_compose(month=month)
    Subscriber.objects.create(email="lectrice@example.net", confirmed_at=letter_services.timezone.now())
    moderator = ModeratorFactory()
    page = browser_session().page
    log_in(page, moderator)
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Lettres mensuelles").click()
    page.get_by_role("link", name=letter.subject).click()
    for _ in range(2):  # from the letter's own page, twice: a second press sends nothing
        page.locator("select[name='CHANGE_FORM-action']").select_option("send_selected")
        page.get_by_role("button", name="Exécuter").first.click()
        page.wait_for_load_state("load")
        run_worker_until_idle()
    assert "est déjà partie" in page.locator(".messagelist").inner_text()
    assert [m.to for m in mailoutbox if m.subject == letter.subject] == [["lectrice@example.net"]]
    assert Letter.objects.get().is_sent
