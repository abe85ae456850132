"""La lettre du Cré-sol: anyone subscribes with a double opt-in, staff review the month's letter composed
from the sections and send it once, each subscriber gets it once, and leaves in one click."""

import email
import email.policy
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from agenda.recurrence import PARIS
from cresol.core.subscriptions import CONFIRM_MAX_AGE, Purpose
from cresol.letter import services
from cresol.letter.models import Delivery, Letter, Subscriber
from tests.factories import InitiativeFactory, ModeratorFactory, make_event, make_post, make_share
from tests.http import page_text

pytestmark = pytest.mark.django_db

LAST_MONTH = services.add_months(timezone.localdate().replace(day=1), -1)
CHANGELIST = "/admin/letter/letter/"


def in_last_month(day: int = 10) -> datetime:
    return datetime(LAST_MONTH.year, LAST_MONTH.month, day, 10, tzinfo=UTC)


def confirmed(address: str) -> Subscriber:
    return Subscriber.objects.create(email=address, confirmed_at=timezone.now())


def link_in(body: str) -> str:
    return re.search(r"http://testserver(/lettre/\S+/)", body).group(1)


def test_anyone_subscribes_without_an_account_and_confirms_by_the_link(client, run_jobs, mailoutbox):
    response = client.post("/lettre/", {"email": "Lea@Example.net"})
    assertContains(response, "un e-mail vient de lui être envoyé")
    subscriber = Subscriber.objects.get()
    assert not subscriber.is_confirmed
    run_jobs()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["Lea@Example.net"]
    path = link_in(mailoutbox[0].body)
    # Opening the link (a mail scanner does) confirms nothing; pressing the button does.
    assertContains(client.get(path), "Confirmer mon abonnement")
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed
    response = client.post(path, follow=True)
    assertContains(response, "vous recevrez la lettre du Cré-sol chaque mois")
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    # Asking again with the same address, whatever its case: no second row, no second e-mail.
    assertContains(client.post("/lettre/", {"email": "lea@example.NET"}), "un e-mail vient de lui être envoyé")
    run_jobs()
    assert Subscriber.objects.count() == 1 and len(mailoutbox) == 1


def test_a_bad_or_expired_link_and_a_bad_address_are_answered_in_french(client, run_jobs, mailoutbox):
    assertContains(client.get("/lettre/confirmer/pas-un-jeton/"), "n'est pas valide ou a expiré", status_code=400)
    response = client.post("/lettre/", {"email": "pas une adresse"})
    assertContains(response, "Saisissez une adresse e-mail valide, de la forme nom@domaine.fr", status_code=400)
    assertContains(response, "pas une adresse", status_code=400)
    run_jobs()
    assert mailoutbox == []  # nothing was queued for a bad address
    client.post("/lettre/", {"email": "bonne@example.net"})  # the positive control: a good one is written to
    run_jobs()
    assert [message.to for message in mailoutbox] == [["bonne@example.net"]]
    subscriber = Subscriber.objects.create(email="ancien@example.net")
    old = services.SUBSCRIPTIONS.token(subscriber, Purpose.CONFIRM)
    from unittest import mock

    later = timezone.now().timestamp() + CONFIRM_MAX_AGE + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assertContains(client.get(f"/lettre/confirmer/{old}/"), "a expiré", status_code=400)
    assertContains(client.get(f"/lettre/confirmer/{old}/"), "Confirmer mon abonnement")  # the positive control


def test_bots_and_floods_subscribe_nobody(client, run_jobs, mailoutbox):
    client.post("/lettre/", {"email": "bot@example.net", "website": "http://spam.example"})
    assert not Subscriber.objects.exists()
    client.post("/lettre/", {"email": "personne@example.net"})  # the positive control
    assert Subscriber.objects.count() == 1
    for number in range(3):  # the bot's try counted too: 5 an hour from one address
        client.post("/lettre/", {"email": f"flot{number}@example.net"})
    limited = client.post("/lettre/", {"email": "encore@example.net"})
    assertContains(limited, "réessayez plus tard", status_code=429)
    assertContains(limited, "encore@example.net", status_code=429)
    assert Subscriber.objects.count() == 4
    run_jobs()  # a confirmation each for the four addresses let through, none for the bot or the fifth
    expected = ["personne@example.net", "flot0@example.net", "flot1@example.net", "flot2@example.net"]
    assert sorted(address for message in mailoutbox for address in message.to) == sorted(expected)


def test_the_letter_is_composed_from_every_section(settings):
    settings.SITE_URL = "https://portail.example.org"
    initiative = InitiativeFactory(name="Épicerie [solidaire] de Vierzon", published_at=in_last_month())
    InitiativeFactory(name="Publiée ce mois-ci")  # not last month's: the control
    next_month = services.add_months(LAST_MONTH, 1)
    make_event(title="Repair café de rentrée", start=datetime(next_month.year, next_month.month, 12, 18, tzinfo=PARIS))
    make_event(title="Trop tôt", start=datetime(LAST_MONTH.year, LAST_MONTH.month, 3, 18, tzinfo=PARIS))
    post = make_post(title="Un an de réparations")
    type(post).objects.filter(pk=post.pk).update(publish_at=in_last_month(15))
    share = make_share(title="Appel à projets ESS", deadline=next_month + timedelta(days=20))
    type(share).objects.filter(pk=share.pk).update(published_at=in_last_month(20))

    letter = services.letter_compose(month=LAST_MONTH)
    body = letter.body
    assert letter.subject.startswith("La lettre du Cré-sol — ")
    assert f"https://portail.example.org{initiative.get_absolute_url()}" in body
    assert r"Épicerie \[solidaire\] de Vierzon" in body  # written as text, not as a link
    assert "Publiée ce mois-ci" not in body
    assert "Repair café de rentrée" in body and "Trop tôt" not in body
    assert "Un an de réparations" in body
    assert "## Le meilleur de la veille" in body and "Appel à projets ESS" in body
    assert "## Échéances à ne pas manquer" in body
    assert "<h2>Nouvelles initiatives sur la carte</h2>" in letter.body_html
    assert ">Épicerie [solidaire] de Vierzon</a>" in letter.body_html


def test_staff_send_the_letter_once_to_confirmed_subscribers(client, run_jobs, mailoutbox, settings):
    settings.SITE_URL = "https://portail.example.org"
    InitiativeFactory(name="Ressourcerie du Cher", published_at=in_last_month())
    letter = services.letter_compose(month=LAST_MONTH)
    reader = confirmed("lecteur@example.net")
    Subscriber.objects.create(email="pas-confirme@example.net")
    client.force_login(ModeratorFactory())
    response = client.post(CHANGELIST, {"action": "send_selected", "_selected_action": [letter.pk]}, follow=True)
    assertContains(response, "en cours d&#x27;envoi à 1 abonné·e confirmé·e")
    run_jobs()
    letters = [mail for mail in mailoutbox if mail.subject == letter.subject]
    assert [mail.to for mail in letters] == [[reader.email]]
    mail = letters[0]
    assert "Ressourcerie du Cher" in mail.body
    html, kind = mail.alternatives[0]
    assert kind == "text/html" and "Ressourcerie du Cher</a>" in html and "Se désabonner en un clic" in html
    raw = mail.message(policy=email.policy.SMTP).as_bytes()
    header = next(line for line in raw.split(b"\r\n") if line.startswith(b"List-Unsubscribe:"))
    assert re.fullmatch(rb"List-Unsubscribe: <https://portail\.example\.org/lettre/desabonnement/\S+/>", header)
    assert email.message_from_bytes(raw, policy=email.policy.default)["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )

    # A second press, then the delivery job run again (a retry): nobody gets it twice.
    again = client.post(CHANGELIST, {"action": "send_selected", "_selected_action": [letter.pk]}, follow=True)
    assertContains(again, "est déjà partie")
    from cresol.letter.tasks import deliver_letter

    deliver_letter(letter_id=letter.pk)
    run_jobs()
    assert len([mail for mail in mailoutbox if mail.subject == letter.subject]) == 1
    assert Delivery.objects.filter(letter=letter).count() == 1
    # A subscriber confirmed after the send gets it when the delivery runs again, once.
    late = confirmed("tardif@example.net")
    deliver_letter(letter_id=letter.pk)
    deliver_letter(letter_id=letter.pk)
    run_jobs()
    assert [m.to for m in mailoutbox if m.subject == letter.subject] == [[reader.email], [late.email]]


def test_one_click_unsubscribe_forgets_the_address(client):
    subscriber = confirmed("depart@example.net")
    stays = confirmed("reste@example.net")
    path = f"/lettre/desabonnement/{services.SUBSCRIPTIONS.token(subscriber, Purpose.LEAVE)}/"
    assertContains(client.get(path), "Me désabonner")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail client does, without our form
    assertContains(response, "votre adresse est effacée")
    assert list(Subscriber.objects.all()) == [stays]
    assertContains(client.post(path, {"List-Unsubscribe": "One-Click"}), "n'est pas (ou plus) abonnée")


def test_the_archive_shows_sent_letters_and_staff_alone_read_a_draft(
    client, django_assert_max_num_queries, page_cache_off
):
    sent = services.letter_compose(month=services.add_months(LAST_MONTH, -1))
    services.letter_send(letter=sent, by=None)
    draft = services.letter_compose(month=LAST_MONTH)
    with django_assert_max_num_queries(4):
        archive = page_text(client.get("/lettre/"), 200)
    assert sent.subject in archive and draft.subject not in archive
    assertContains(client.get(sent.get_absolute_url()), sent.subject)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(ModeratorFactory())
    assertContains(client.get(draft.get_absolute_url()), "Brouillon : seule l")
    assert client.get("/lettre/2026-13/").status_code == 404


def test_staff_edit_a_draft_in_the_admin_and_a_sent_letter_stays_as_it_went(client):
    client.force_login(ModeratorFactory())
    response = client.post("/admin/letter/letter/add/", {"month": str(LAST_MONTH), "subject": "", "body": ""})
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.subject.startswith("La lettre du Cré-sol") and "Bonjour" in letter.body  # composed
    body = "Bonjour, un mot de l'équipe.\n\n<script>x</script>"
    edited = {"month": str(LAST_MONTH), "subject": letter.subject, "body": body}
    client.post(f"/admin/letter/letter/{letter.pk}/change/", edited)
    letter.refresh_from_db()
    assert letter.body.startswith("Bonjour, un mot de l'équipe.") and "<script>" not in letter.body_html
    services.letter_send(letter=letter, by=None)
    with pytest.raises(services.AlreadySent):
        services.letter_compose(month=LAST_MONTH)
    page = page_text(client.get(f"/admin/letter/letter/{letter.pk}/change/"), 200)
    assert 'name="body"' not in page and "un mot de l&#x27;équipe" in page


def test_on_the_first_the_month_that_ended_is_composed_and_moderators_told(run_jobs, mailoutbox):
    from cresol.letter.tasks import compose_monthly_letter

    moderator = ModeratorFactory()
    first = datetime(2026, 12, 1, 5, tzinfo=UTC)
    compose_monthly_letter(timestamp=int(first.timestamp()))
    letter = Letter.objects.get()
    assert letter.month == date(2026, 11, 1) and not letter.is_sent
    run_jobs()
    assert [mail.to for mail in mailoutbox] == [[moderator.email]]
    assert "/admin/letter/letter/" in mailoutbox[0].body


def test_the_compose_command_names_the_month(capsys):
    from django.core.management import CommandError, call_command

    call_command("compose_letter", "--month", "2026-10")
    assert Letter.objects.get().month == date(2026, 10, 1)
    assert "composée" in capsys.readouterr().out
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("compose_letter", "--month", "octobre")
