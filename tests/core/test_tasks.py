"""The worker, for real: procrastinate's worker processes on the test database, as in production."""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from django.utils import timezone
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from cresol.outbox.models import OutgoingEmail
from tests.factories import ModeratorFactory, ProposalFactory, UserFactory
from tests.http import page_text
from tests.mail import REFUSING_DELIVERY, SlowSmtpServer
from tests.servers import database_url_for_tests
from tests.testapp.models import TaskRun
from tests.worker import in_a_thread, run_worker_until_idle

ROOT = Path(__file__).resolve().parents[2]


def jobs(task_name: str) -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE task_name = %s ORDER BY id", [task_name])
        return cursor.fetchall()


def worker_environment() -> dict:
    """The environment of a `manage.py procrastinate worker` on the test database."""
    return {**os.environ, "DATABASE_URL": database_url_for_tests(), "DJANGO_SETTINGS_MODULE": "tests.settings"}


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_a_due_periodic_job_run_it_once():
    environment = worker_environment()
    workers = [
        subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "procrastinate", "worker", "--name", f"worker-{number}"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for number in (1, 2)
    ]
    try:
        deadline = time.monotonic() + 30
        while not TaskRun.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # time for the other worker to run it too, were it able to
    finally:
        for worker in workers:
            worker.terminate()
        logs = [worker.communicate(timeout=20)[0] for worker in workers]

    assert all("Starting worker" in log for log in logs), logs  # both workers were up and competing
    runs = list(TaskRun.objects.filter(task="every_minute").values_list("timestamp", flat=True))
    assert runs, logs
    assert len(runs) == len(set(runs))  # each scheduled minute ran once, whichever worker took it


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_retried_then_marked_failed():
    from tests.testapp.tasks import always_fails

    always_fails.defer()
    run_worker_until_idle()
    assert TaskRun.objects.filter(task="always_fails").count() == 3  # the first try and two retries
    assert jobs("testapp.always_fails") == [("failed", 3)]


@pytest.mark.django_db(transaction=True)
def test_monday_alerts_missed_while_the_worker_was_down_are_sent_once_when_it_comes_back(mailoutbox):
    """The worker is down on Monday; it comes back on Tuesday, then restarts an hour later. The weekly
    alerts (what the Monday digest of the watch became) go once, with the week's shares."""
    from procrastinate import periodic
    from procrastinate.contrib.django import app

    from cresol.alerts.services import alert_create
    from tests.factories import make_share

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    member = UserFactory()
    alert = alert_create(email=member.email, user=member, data={"sources": ["veille"], "frequency": "hebdomadaire"})
    last_week = timezone.make_aware(datetime.combine(monday - timedelta(days=7), datetime.min.time()))
    type(alert).objects.filter(pk=alert.pk).update(confirmed_at=last_week, sent_until=last_week, last_sent_at=last_week)
    share = make_share(title="Le guide de la semaine passée")
    share.published_at = last_week + timedelta(days=2)
    share.save(update_fields=["published_at"])

    tuesday_morning = datetime.combine(monday + timedelta(days=1), datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
    for comes_back_at in (tuesday_morning, tuesday_morning + timedelta(hours=1)):
        deferrer = periodic.PeriodicDeferrer(registry=app.periodic_registry, **app.periodic_defaults)
        due = list(deferrer.get_previous_tasks(at=comes_back_at.timestamp()))
        in_a_thread(lambda due=due, deferrer=deferrer: async_to_sync(deferrer.defer_jobs)(due))
        run_worker_until_idle()

    alerts = [message for message in mailoutbox if message.to == [member.email]]
    assert len(alerts) == 1 and "Le guide de la semaine passée" in alerts[0].body


@pytest.mark.django_db(transaction=True)
def test_a_partial_failure_retries_only_what_was_not_sent(settings, mailoutbox):
    """Three moderators are told; the mail server refuses the messages at first for one of them. The
    retry sends that one only: the two others are not sent twice."""
    from django.core.mail import send_mass_mail

    send_mass_mail([("Sujet", "Corps", None, [address]) for address in ("a@example.org", "b@example.org")])
    run_worker_until_idle()
    assert sorted(message.to[0] for message in mailoutbox) == ["a@example.org", "b@example.org"]
    delivering = settings.MAILERS
    settings.MAILERS = {**delivering, "delivery": REFUSING_DELIVERY}
    send_mass_mail([("Sujet", "Corps", None, ["c@example.org"])])
    run_worker_until_idle()
    failed = OutgoingEmail.objects.get(recipients="c@example.org")
    assert (failed.status, failed.attempts) == (OutgoingEmail.Status.QUEUED, 1)
    assert jobs("outbox.deliver_email")[-1] == ("todo", 1)  # waiting for its retry, 5 s later

    settings.MAILERS = delivering
    time.sleep(5.5)
    run_worker_until_idle()
    assert sorted(message.to[0] for message in mailoutbox) == ["a@example.org", "b@example.org", "c@example.org"]
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {OutgoingEmail.Status.SENT}


@pytest.mark.django_db
def test_a_moderation_click_returns_without_waiting_for_the_mail_server(client, settings, run_jobs):
    server = SlowSmtpServer(delay=5)
    settings.MAILERS = {**settings.MAILERS, "delivery": server.mailer()}
    contributor = UserFactory(email="claire@example.org")
    proposal = ProposalFactory(status=Status.PENDING, submitted_by=contributor, title="Repair café")
    client.force_login(ModeratorFactory())

    started = time.monotonic()
    response = client.post(
        "/admin/testapp/proposal/", {"action": "approve_selected", "_selected_action": [proposal.pk]}, follow=True
    )
    clicked_in = time.monotonic() - started
    assert response.status_code == 200 and "1 contenu publié." in page_text(response)
    assert clicked_in < 2, clicked_in

    started = time.monotonic()
    run_jobs()  # the worker's side: it does wait for the server
    assert time.monotonic() - started >= 5
    [raw] = server.messages
    assert b"claire@example.org" in raw and b"Repair" in raw
    server.close()


@pytest.mark.django_db
def test_an_e_mail_that_failed_every_try_is_shown_to_staff_who_can_send_it_again(settings, run_jobs, admin_client):
    from django.core.mail import send_mail

    from cresol.outbox.tasks import RETRIES

    settings.MAILERS = {**settings.MAILERS, "delivery": REFUSING_DELIVERY}
    send_mail("Votre initiative est publiée", "Corps", None, ["claire@example.org"])
    with connection.cursor() as cursor:  # as if the earlier tries had failed too
        cursor.execute("UPDATE procrastinate_jobs SET attempts = %s", [RETRIES])
    with pytest.raises(ConnectionRefusedError):
        run_jobs()
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.FAILED

    listing = page_text(admin_client.get("/admin/outbox/outgoingemail/", {"status__exact": "failed"}))
    assert "Votre initiative est publiée" in listing and "Échec" in listing
    detail = page_text(admin_client.get(f"/admin/outbox/outgoingemail/{email.pk}/change/"))
    assert "ConnectionRefusedError" in detail
    assert "Corps" not in detail  # the message itself is not shown: it may hold someone's private link

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    response = admin_client.post(
        "/admin/outbox/outgoingemail/", {"action": "resend", "_selected_action": [email.pk]}, follow=True
    )
    assertContains(response, "1 courriel remis dans la file d&#x27;envoi.")
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert jobs("outbox.deliver_email") == [("todo", 0)]


def test_in_development_the_worker_writes_each_message_as_readable_text(tmp_path):
    """var/mail/ holds what a person reads: headers decoded, and links whole (quoted-printable would cut
    a long line with "=" and turn "=" into "=3D", breaking a copied confirmation link)."""
    from django.core.mail import EmailMultiAlternatives

    from cresol.outbox.backends import ReadableFileBackend

    link = "http://127.0.0.1:8000/compte/confirm-email/MjQ:1vOkZ8:aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z/?suivant=%2Fmon-espace%2F&a=b"
    message = EmailMultiAlternatives(
        subject="Confirmez votre adresse – Cré-sol",
        body=f"Bonjour Élise,\n\nPour confirmer votre adresse, ouvrez ce lien : {link}\n\nÀ bientôt !",
        from_email="Cré-sol <ne-pas-repondre@cresol.localhost>",
        to=["elise@example.org"],
    )
    message.attach_alternative(f'<p>Ouvrez <a href="{link}">ce lien</a></p>', "text/html")
    assert ReadableFileBackend(file_path=tmp_path).send_messages([message]) == 1

    [written] = list(tmp_path.iterdir())
    text = written.read_text()
    assert "Subject: Confirmez votre adresse – Cré-sol" in text
    assert "To: elise@example.org" in text
    assert f"ouvrez ce lien : {link}\n" in text
    assert "Bonjour Élise," in text
    assert "version HTML" in text
    assert "=3D" not in text and "=C3" not in text  # no quoted-printable left
