"""Registrations on the portal's own events, tried as an organiser and two visitors would: seats fill,
the waiting list moves when one cancels, the confirmation carries a valid .ics, the reminder comes once,
the list exports to a French spreadsheet, the event's cancellation is told, and only the person, the
organiser and moderators see who registered."""

import csv
import html
import io
import re
from datetime import datetime, timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from icalendar import Calendar
from pytest_django.asserts import assertContains, assertNotContains

from agenda.recurrence import PARIS
from agenda.registrations.models import Registrant, Registration, Status
from agenda.registrations.services import (
    registrant_register,
    registrants_remind,
    registration_save,
)
from agenda.services import event_cancel, occurrence_cancel
from tests.factories import ModeratorFactory, UserFactory, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def link_in(body: str, path: str) -> str:
    return urlparse(re.search(rf"https?://\S+{path}\S+", body).group(0)).path


def organised_event(**fields):
    organiser = fields.pop("organiser", None) or UserFactory(display_name="Inès Organisatrice")
    fields.setdefault("title", "Formation : animer une AG coopérative")
    event = make_event(submitted_by=organiser, **fields)
    return event, organiser


def open_registration(event, **data):
    return registration_save(event=event, data={"capacity": 2, "waiting_list": True, **data})


def shown(response, status=200) -> str:
    """The page's text as read, entities unescaped (Django writes ' as &#x27;), its status checked."""
    assert response.status_code == status, response.status_code
    return html.unescape(response.content.decode())


def mails_to(mailoutbox, address):
    return [mail for mail in mailoutbox if mail.to == [address]]


def test_the_organiser_opens_registration_with_a_question_from_the_event_page(client, run_jobs):
    event, organiser = organised_event()
    client.force_login(organiser)
    page = page_text(client.get(event.get_absolute_url()), 200)
    assert "Ouvrir les inscriptions sur le portail" in page

    response = client.post(
        f"/agenda/{event.slug}/inscriptions/",
        {
            "capacity": "20",
            "waiting_list": "on",
            "q0_label": "Votre structure ?",
            "q0_kind": "texte",
            "q1_label": "Repas du midi ?",
            "q1_kind": "choix",
            "q1_choices": "Oui\nNon",
            "q1_required": "on",
        },
    )
    registration = Registration.objects.get(event=event)
    assert response.status_code == 302 and response.url == f"/agenda/inscriptions/{registration.pk}/liste/"
    assert registration.capacity == 20 and [q["label"] for q in registration.questions] == [
        "Votre structure ?",
        "Repas du midi ?",
    ]
    # Anyone now reads how many seats are left on the event's page.
    client.logout()
    assertContains(client.get(event.get_absolute_url()), "20 places restantes")


def test_a_choice_question_without_two_answers_is_refused_beside_its_field_and_the_form_kept(client):
    event, organiser = organised_event()
    client.force_login(organiser)
    response = client.post(
        f"/agenda/{event.slug}/inscriptions/",
        {"capacity": "15", "q0_label": "Atelier choisi ?", "q0_kind": "choix", "q0_choices": "Seulement un"},
    )
    assertContains(response, "Proposez au moins deux réponses", status_code=400)
    assertContains(response, 'value="Atelier choisi ?"', status_code=400)
    assert not Registration.objects.exists()


def test_two_visitors_confirm_by_link_then_a_third_waits_and_gets_the_seat_when_one_cancels(
    client, run_jobs, mailoutbox
):
    event, _organiser = organised_event()
    registration = open_registration(event, questions=[{"label": "Votre structure ?", "kind": "texte"}])
    for name, address in [("Alix", "alix@example.net"), ("Basile", "basile@example.net")]:
        response = client.post(
            f"/agenda/inscriptions/{registration.pk}/",
            {"name": name, "email": address, "question_0": f"Asso de {name}", "website": ""},
        )
        assertContains(response, f"un e-mail vient d'être envoyé à {address}")
    run_jobs()
    # Nothing is held before the address is confirmed.
    registration.refresh_from_db()
    assert registration.taken == 0
    for address in ["alix@example.net", "basile@example.net"]:
        [confirmation] = mails_to(mailoutbox, address)
        link = link_in(confirmation.body, "/agenda/inscriptions/confirmer/")
        assertContains(client.get(link), "Confirmer mon inscription")  # a scanner's GET confirms nothing
        assertContains(client.post(link), "vous êtes inscrit·e")
    run_jobs()
    registration.refresh_from_db()
    assert (registration.taken, registration.waiting) == (2, 0)
    seated = mails_to(mailoutbox, "alix@example.net")[-1]
    assert seated.subject.startswith("Inscription confirmée")
    [(filename, content, mimetype)] = seated.attachments
    assert filename.endswith(".ics") and mimetype.startswith("text/calendar")
    [vevent] = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title and vevent["DTSTART"].dt == event.start
    assert "Asso de Alix" in seated.body

    assert "Complet — liste d'attente" in shown(client.get(event.get_absolute_url()))
    client.post(
        f"/agenda/inscriptions/{registration.pk}/",
        {"name": "Capucine", "email": "capucine@example.net", "question_0": "", "website": ""},
    )
    run_jobs()
    link = link_in(mails_to(mailoutbox, "capucine@example.net")[0].body, "/agenda/inscriptions/confirmer/")
    assert "vous êtes sur la liste d'attente" in shown(client.post(link))
    run_jobs()
    assert "au rang 1" in mails_to(mailoutbox, "capucine@example.net")[-1].body

    # Alix cancels from her confirmation's link: her data goes, Capucine gets the seat and one e-mail.
    leave = link_in(seated.body, "/agenda/inscriptions/desinscription/")
    assertContains(client.get(leave), "Annuler mon inscription")
    assertContains(client.post(leave), "votre inscription est annulée")
    run_jobs()
    assert not Registrant.objects.filter(email="alix@example.net").exists()
    capucine = Registrant.objects.get(email="capucine@example.net")
    assert capucine.status == Status.CONFIRMED and capucine.promoted_at is not None
    promoted = [mail for mail in mails_to(mailoutbox, "capucine@example.net") if "place s'est libérée" in mail.subject]
    assert len(promoted) == 1 and promoted[0].attachments
    # The same link again: nothing more happens, nobody is e-mailed twice.
    assert "n'existe pas (ou plus)" in shown(client.post(leave))
    run_jobs()
    assert len([m for m in mails_to(mailoutbox, "capucine@example.net") if "libérée" in m.subject]) == 1


def test_a_member_registers_in_one_click_and_cancels_from_their_space(client, run_jobs, mailoutbox):
    event, _organiser = organised_event()
    registration = open_registration(event)
    member = UserFactory(display_name="Dominique Membre")
    client.force_login(member)
    assert "M'inscrire" in shown(client.get(event.get_absolute_url()))
    response = client.post(f"/agenda/inscriptions/{registration.pk}/")
    assert response.status_code == 302
    run_jobs()
    [confirmation] = mails_to(mailoutbox, member.email)
    assert confirmation.attachments and "Inscription confirmée" in confirmation.subject
    assertContains(client.get(event.get_absolute_url()), "Vous êtes inscrit·e.")
    space = client.get("/mon-espace/")
    assertContains(space, "Mes inscriptions")
    assertContains(space, event.title)
    registrant = Registrant.objects.get(user=member)
    response = client.post(f"/agenda/inscriptions/annuler/{registrant.pk}/", {"next": "espace"})
    assert response.status_code == 302 and response.url == "/mon-espace/"
    assert not Registrant.objects.filter(user=member).exists()
    registration.refresh_from_db()
    assert registration.taken == 0


def test_the_same_address_twice_keeps_one_registration(client, run_jobs, mailoutbox):
    event, _organiser = organised_event()
    registration = open_registration(event)
    for _ in range(2):
        client.post(f"/agenda/inscriptions/{registration.pk}/", {"name": "Alix", "email": "Alix@Example.net"})
    assert Registrant.objects.count() == 1
    run_jobs()
    assert len(mails_to(mailoutbox, "Alix@Example.net")) == 2  # the link sent again, nothing more


def test_full_without_waiting_list_is_said_and_nothing_is_kept(client):
    event, _organiser = organised_event()
    registration = open_registration(event, capacity=1, waiting_list=False)
    registrant_register(registration=registration, name="Un", email="un@example.net", answers={}, user=UserFactory())
    assert "C'est complet." in shown(client.get(f"/agenda/inscriptions/{registration.pk}/"))
    response = client.post(f"/agenda/inscriptions/{registration.pk}/", {"name": "Deux", "email": "deux@example.net"})
    assertContains(response, "complet", status_code=409)
    assert not Registrant.objects.filter(email="deux@example.net").exists()


def test_registration_closes_when_the_organiser_says_and_before_the_dates_set(client):
    event, organiser = organised_event()
    later = timezone.now() + timedelta(days=1)
    registration = open_registration(event, opens_at=later)
    page = shown(client.get(event.get_absolute_url()))
    assert "Ouverture des inscriptions le" in page and "S'inscrire" not in page
    registration_save(event=event, data={"opens_at": None}, registration=registration)
    assert "S'inscrire" in shown(client.get(event.get_absolute_url()))

    client.force_login(organiser)
    client.post(f"/agenda/inscriptions/{registration.pk}/fermer/", {"fermer": "1"})
    client.logout()
    assertContains(client.get(event.get_absolute_url()), "Inscriptions fermées")
    response = client.post(f"/agenda/inscriptions/{registration.pk}/", {"name": "Tard", "email": "tard@example.net"})
    assertContains(response, "closes", status_code=409)
    assert not Registrant.objects.exists()


def test_the_list_and_its_export_are_the_organisers_and_moderators_only(client, run_jobs):
    event, organiser = organised_event()
    registration = open_registration(
        event, questions=[{"label": "Régime ?", "kind": "choix", "choices": ["Aucun", "Végétarien"]}]
    )
    registrant_register(
        registration=registration,
        name="Éloïse Brûlé",
        email="eloise@example.net",
        answers={"question_0": "Végétarien"},
        user=UserFactory(email="eloise@example.net"),
    )
    registrant_register(
        registration=registration, name="=HYPERLINK(1)", email="f@example.net", answers={}, user=UserFactory()
    )
    registrant_register(
        registration=registration, name="Gaël", email="gael@example.net", answers={}, user=UserFactory()
    )
    paths = [f"/agenda/inscriptions/{registration.pk}/liste/", f"/agenda/inscriptions/{registration.pk}/liste.csv"]
    for path in paths:
        assert client.get(path).status_code == 302  # a visitor is asked to log in
    client.force_login(UserFactory())
    for path in paths:
        assert client.get(path).status_code == 403
    for person in (organiser, ModeratorFactory()):
        client.force_login(person)
        page = shown(client.get(paths[0]))
        assert "eloise@example.net" in page and "Végétarien" in page and "Liste d'attente, dans l'ordre" in page
    response = client.get(paths[1])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # a French spreadsheet reads the accents right
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Nom", "E-mail", "Statut", "Position en liste d'attente", "Inscrit·e le", "Régime ?"]
    assert rows[1][:3] == ["Éloïse Brûlé", "eloise@example.net", "Inscrit·e"] and rows[1][5] == "Végétarien"
    assert rows[2][0] == "'=HYPERLINK(1)"  # never a formula
    assert rows[3][2:4] == ["Liste d'attente", "1"]


def test_the_organiser_writes_to_each_registrant_alone(client, run_jobs, mailoutbox):
    event, organiser = organised_event()
    registration = open_registration(event, capacity=1)
    for address in ["h@example.net", "i@example.net"]:
        registrant_register(registration=registration, name=address[0], email=address, answers={}, user=UserFactory())
    run_jobs()
    mailoutbox.clear()
    client.force_login(organiser)
    response = client.post(
        f"/agenda/inscriptions/{registration.pk}/ecrire/",
        {"to": ["inscrit", "attente"], "subject": "Changement de salle", "message": "Rendez-vous salle B, au fond."},
    )
    assert response.status_code == 302
    run_jobs()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["h@example.net", "i@example.net"]
    for mail in mailoutbox:
        assert len(mail.to) == 1 and not mail.cc and not mail.bcc and mail.reply_to == [organiser.email]
        assert "salle B" in mail.body and "Changement de salle" in mail.subject


def test_a_cancelled_event_tells_its_registrants_once(run_jobs, mailoutbox):
    event, _organiser = organised_event()
    registration = open_registration(event, capacity=1)
    for address in ["j@example.net", "k@example.net"]:
        registrant_register(registration=registration, name="J", email=address, answers={}, user=UserFactory())
    run_jobs()
    mailoutbox.clear()
    event_cancel(event=event)
    run_jobs()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["j@example.net", "k@example.net"]
    assert all(mail.subject.startswith("Annulé") for mail in mailoutbox)
    registration.refresh_from_db()
    assert registration.closed


def test_a_cancelled_date_of_a_series_tells_that_dates_registrants(run_jobs, mailoutbox):
    event, _organiser = organised_event(frequency="WEEKLY", count=4)
    first, second = event.occurrences.order_by("start")[:2]
    registration = registration_save(event=event, data={"capacity": 5}, occurrence=second)
    registrant_register(registration=registration, name="L", email="l@example.net", answers={}, user=UserFactory())
    run_jobs()
    mailoutbox.clear()
    occurrence_cancel(occurrence=first)
    run_jobs()
    assert mailoutbox == []  # another date: nobody to tell
    occurrence_cancel(occurrence=second)
    run_jobs()
    assert [mail.to for mail in mailoutbox] == [["l@example.net"]]


def test_the_reminder_comes_the_day_before_once(run_jobs, mailoutbox):
    start = datetime.now(PARIS).replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
    event, _organiser = organised_event(start=start)
    registration = open_registration(event)
    registrant_register(registration=registration, name="M", email="m@example.net", answers={}, user=UserFactory())
    other, _ = organised_event(start=start + timedelta(days=1))  # the day after tomorrow: not yet
    registrant_register(
        registration=open_registration(other), name="N", email="n@example.net", answers={}, user=UserFactory()
    )
    run_jobs()
    mailoutbox.clear()
    assert registrants_remind() == 1
    assert registrants_remind() == 0  # a run again (a retry, a second worker) sends nothing more
    run_jobs()
    [reminder] = mailoutbox
    assert reminder.to == ["m@example.net"] and reminder.subject.startswith("C'est demain")
    assert "/agenda/inscriptions/desinscription/" in reminder.body


def test_more_seats_seat_the_first_waiting(run_jobs, mailoutbox):
    event, organiser = organised_event()
    registration = open_registration(event, capacity=1)
    for address in ["o@example.net", "p@example.net", "q@example.net"]:
        registrant_register(registration=registration, name="O", email=address, answers={}, user=UserFactory())
    registration_save(event=event, data={"capacity": 2}, registration=registration)
    statuses = dict(Registrant.objects.values_list("email", "status"))
    assert statuses == {"o@example.net": "inscrit", "p@example.net": "inscrit", "q@example.net": "attente"}


def test_an_imported_event_takes_no_registration_on_the_portal(client):
    from django.core.exceptions import ValidationError

    from agenda.models import ImportSource

    source = ImportSource.objects.create(name="Mobilizon", url="https://mobilizon.example/ical")
    event, organiser = organised_event(source=source, external_uid="x@mobilizon")
    with pytest.raises(ValidationError):
        open_registration(event)
    client.force_login(organiser)
    assertNotContains(client.get(event.get_absolute_url()), "Ouvrir les inscriptions")
    assert "calendrier d'un partenaire" in shown(client.get(f"/agenda/{event.slug}/inscriptions/"))


def test_registrants_data_goes_after_the_retention_period_and_the_organiser_is_told(
    client, run_jobs, mailoutbox, settings
):
    settings.REGISTRATIONS_RETENTION_DAYS = 30
    start = datetime.now(PARIS).replace(microsecond=0) - timedelta(days=31)
    event, organiser = organised_event(start=start)
    registration = Registration.objects.create(event=event, capacity=10)
    recent, _ = organised_event(
        start=datetime.now(PARIS).replace(microsecond=0) - timedelta(days=5), organiser=organiser
    )
    kept = Registration.objects.create(event=recent, capacity=10)
    for target in (registration, kept):
        Registrant.objects.create(
            registration=target, name="R", email="r@example.net", status=Status.CONFIRMED, queued_at=timezone.now()
        )
    Registration.objects.filter(pk__in=[registration.pk, kept.pk]).update(taken=1)
    from agenda.registrations.services import registrations_purge

    assert registrations_purge() == 1
    registration.refresh_from_db()
    assert registration.purged_at is not None and registration.taken == 1  # the counts stay
    assert not registration.registrants.exists() and kept.registrants.exists()  # the recent one is kept
    run_jobs()
    [told] = mails_to(mailoutbox, organiser.email)
    assert "effacées" in told.subject and "30 jours après" in told.body
    assert registrations_purge() == 0  # once
    client.force_login(organiser)
    assert "ont été effacées après l'événement" in shown(client.get(f"/agenda/inscriptions/{registration.pk}/liste/"))
    page = shown(client.get(f"/agenda/inscriptions/{kept.pk}/liste/"))
    assert "Elles seront effacées le" in page  # the organiser knows when


def test_an_unconfirmed_visitor_is_forgotten_after_a_week(client):
    event, _organiser = organised_event()
    registration = open_registration(event)
    client.post(f"/agenda/inscriptions/{registration.pk}/", {"name": "Oubli", "email": "oubli@example.net"})
    client.post(f"/agenda/inscriptions/{registration.pk}/", {"name": "Récent", "email": "recent@example.net"})
    Registrant.objects.filter(email="oubli@example.net").update(created_at=timezone.now() - timedelta(days=8))
    from agenda.registrations.services import registrations_purge

    assert registrations_purge() == 1
    assert list(Registrant.objects.values_list("email", flat=True)) == ["recent@example.net"]


def test_nobody_else_sees_another_persons_registration(client):
    event, _organiser = organised_event()
    registration = open_registration(event)
    owner = UserFactory()
    registrant = registrant_register(registration=registration, name="S", email=owner.email, answers={}, user=owner)
    client.force_login(UserFactory())
    response = client.post(f"/agenda/inscriptions/annuler/{registrant.pk}/")
    assert response.status_code == 404 and Registrant.objects.filter(pk=registrant.pk).exists()
    assert owner.email not in shown(client.get(event.get_absolute_url()))
    assert "Vous êtes inscrit·e." not in shown(client.get(event.get_absolute_url()))
    client.force_login(owner)  # positive control: the person sees their own
    assert "Vous êtes inscrit·e." in shown(client.get(event.get_absolute_url()))


def test_the_agenda_list_says_how_many_seats_are_left(client, page_cache_off, django_assert_max_num_queries):
    event, _organiser = organised_event()
    open_registration(event, capacity=12)
    for number in range(5):
        open_registration(organised_event(title=f"Atelier {number}")[0])
    make_event(title="Sans inscription")
    with django_assert_max_num_queries(12):
        page = shown(client.get("/agenda/"))
    assert "Inscription sur le portail : 12 places restantes" in page
    assert page.count("Inscription sur le portail") == 6  # not on the event without registration


def test_the_organiser_opens_one_date_of_a_series_and_then_another(client):
    event, organiser = organised_event(frequency="WEEKLY", count=4)
    first, second = event.occurrences.order_by("start")[:2]
    client.force_login(organiser)
    page = shown(client.get(f"/agenda/{event.slug}/inscriptions/"))
    assert "Toutes les dates ensemble" in page
    response = client.post(f"/agenda/{event.slug}/inscriptions/", {"occurrence": str(second.pk), "capacity": "6"})
    assert response.status_code == 302
    assert Registration.objects.get(event=event).occurrence == second
    page = shown(client.get(f"/agenda/{event.slug}/inscriptions/"))
    assert "Ouvrir les inscriptions d'une autre date" in page and "Toutes les dates ensemble" in page
    # The whole series beside a date: refused beside the field, nothing written.
    response = client.post(f"/agenda/{event.slug}/inscriptions/", {"occurrence": "", "capacity": "6"})
    assert "Choisissez une date" in shown(response, 400) and Registration.objects.count() == 1
    client.post(f"/agenda/{event.slug}/inscriptions/", {"occurrence": str(first.pk), "capacity": "4"})
    assert Registration.objects.filter(event=event).count() == 2
    # Editing the series keeps the dates people registered for.
    from agenda.services import event_save

    event.refresh_from_db()
    event.count = 1
    event_save(event=event)
    assert set(event.occurrences.values_list("pk", flat=True)) >= {first.pk, second.pk}


def test_the_organisers_list_and_export_run_the_same_queries_for_3_or_30_people(
    client, page_cache_off, django_assert_num_queries
):
    event, organiser = organised_event()
    registration = open_registration(event, capacity=10, questions=[{"label": "Structure ?", "kind": "texte"}])

    def register(count):
        for _ in range(count):
            person = UserFactory()
            registrant_register(
                registration=registration,
                name=person.display_name,
                email=person.email,
                answers={"question_0": "Asso"},
                user=person,
            )

    register(3)
    client.force_login(organiser)
    paths = [f"/agenda/inscriptions/{registration.pk}/liste/", f"/agenda/inscriptions/{registration.pk}/liste.csv"]
    counts = {}
    for path in paths:
        with django_assert_num_queries(20, exact=False) as captured:
            assert client.get(path).status_code == 200
        counts[path] = len(captured.captured_queries)
    register(27)  # 10 seated, 20 waiting
    for path in paths:
        with django_assert_num_queries(counts[path]):
            response = client.get(path)
        assert response.status_code == 200 and response.content.decode("utf-8-sig").count("Asso") == 30
