"""An organiser opens registration on their training with the keyboard; a visitor on a phone registers
and confirms by the e-mail's link, a member takes the last seat in one click, a second visitor waits;
the first visitor cancels from their e-mail and the one waiting gets the seat, the .ics attached; the
organiser downloads the list and prints a poster."""

import re
from urllib.parse import urlparse

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from agenda.registrations.models import Registrant, Registration, Status
from tests.e2e.conftest import PHONE
from tests.e2e.test_initiative_journey import log_in
from tests.factories import UserFactory, make_event
from tests.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)


def link_in(mail, path: str) -> str:
    return urlparse(re.search(rf"https?://\S+{path}\S+", mail.body).group(0)).path


def visitor_registers(browser_session, mailoutbox, event, name, address):
    session = browser_session(**PHONE)
    phone = session.page
    phone.goto(event.get_absolute_url())
    phone.get_by_role("link", name=re.compile("S'inscrire")).click()
    phone.get_by_label("Votre nom").fill(name)
    phone.get_by_label("Votre adresse e-mail").fill(address)
    phone.get_by_label("Votre structure ?").fill("Association du quartier")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("main")).to_contain_text(f"envoyé à {address}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    run_worker_until_idle()
    [confirmation] = [mail for mail in mailoutbox if mail.to == [address]]
    phone.goto(link_in(confirmation, "/agenda/inscriptions/confirmer/"))
    phone.get_by_role("button", name="Confirmer mon inscription").click()
    assert session.csp_violations == []
    return session


def organiser_opens_two_seats_with_the_keyboard(page, organiser, event):
    log_in(page, organiser)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Ouvrir les inscriptions sur le portail").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Nombre de places").focus()
    page.keyboard.type("2")
    page.get_by_label("Question 1", exact=True).focus()
    page.keyboard.type("Votre structure ?")
    page.get_by_role("button", name="Ouvrir les inscriptions").press("Enter")
    assert "Les inscriptions sont ouvertes" in page.locator(".messages").inner_text()
    registration = Registration.objects.get(event=event)
    assert registration.capacity == 2
    return registration


def member_takes_the_last_seat_with_the_keyboard(page, member, event):
    """A question asked: the form shows it, the member's name and address known."""
    log_in(page, member)
    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="S'inscrire").focus()
    page.keyboard.press("Enter")
    assert "Inscription au nom de Basile Membre" in page.locator("main").inner_text()
    page.get_by_role("button", name="M'inscrire").press("Enter")
    assert "Vous êtes inscrit·e" in page.locator(".messages").inner_text()
    assert "Complet — liste d'attente" in page.locator(".registration").inner_text()


def mails(mailoutbox, address, about=""):
    return [mail for mail in mailoutbox if mail.to == [address] and about in mail.subject]


def organiser_reads_the_list_and_downloads_it(page, registration):
    page.goto(f"/agenda/inscriptions/{registration.pk}/liste/")
    listed = page.locator("main").inner_text()
    assert "Capucine Attente" in listed and "Basile Membre" in listed and "Alix" not in listed
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la liste (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Nom;E-mail;Statut") and "capucine@example.net" in text


def test_a_training_fills_its_seats_and_the_waiting_list_moves(browser_session, reference_data, mailoutbox):
    organiser = UserFactory(display_name="Inès Formatrice")
    event = make_event(title="Formation : animer une AG", submitted_by=organiser)
    session = browser_session()
    registration = organiser_opens_two_seats_with_the_keyboard(session.page, organiser, event)

    # A visitor on a phone, confirmed by the link: one seat left.
    first = visitor_registers(browser_session, mailoutbox, event, "Alix Visiteuse", "alix@example.net")
    assert "vous êtes inscrit·e" in first.page.locator("main").inner_text()
    first.page.goto(event.get_absolute_url())
    assert "1 place restante" in first.page.locator(".registration").inner_text()

    member_takes_the_last_seat_with_the_keyboard(
        browser_session().page, UserFactory(display_name="Basile Membre"), event
    )

    # A second visitor: the waiting list.
    second = visitor_registers(browser_session, mailoutbox, event, "Capucine Attente", "capucine@example.net")
    assert "liste d'attente" in second.page.locator("main").inner_text()
    assert Registrant.objects.get(email="capucine@example.net").status == Status.WAITING

    # The first visitor cancels from their confirmation: the seat goes to Capucine, with the .ics.
    run_worker_until_idle()
    seated = mails(mailoutbox, "alix@example.net", "Inscription confirmée")[-1]
    first.page.goto(link_in(seated, "/agenda/inscriptions/desinscription/"))
    first.page.get_by_role("button", name="Annuler mon inscription").click()
    expect(first.page.locator("main")).to_contain_text("votre inscription est annulée")
    run_worker_until_idle()
    [promoted] = mails(mailoutbox, "capucine@example.net", "libérée")
    [(_filename, content, _mimetype)] = promoted.attachments
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Formation : animer une AG"
    assert Registrant.objects.get(email="capucine@example.net").status == Status.CONFIRMED

    # The organiser's list, its CSV, and the poster.
    organiser_reads_the_list_and_downloads_it(session.page, registration)
    poster = session.page.request.get(f"{event.get_absolute_url()}affiche.pdf")
    assert poster.status == 200 and poster.body().startswith(b"%PDF-")
    assert session.csp_violations == []
