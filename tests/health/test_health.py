"""The portal's health page and the moderators' weekly summary of what fails."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains

from agenda.models import ImportSource
from cresol.core.services import fetch_failed, fetch_succeeded
from cresol.health import checks
from cresol.health.models import JobError, TaskRecord
from cresol.outbox.models import OutgoingEmail
from tests.factories import ModeratorFactory, UserFactory
from tests.testapp.models import TaskRun
from tests.worker import run_worker_until_idle
from veille.models import Source

HEALTH = "/admin/sante/"


def _failing(model, name, *, days, error="HTTP 404"):
    url_field = "url" if model is ImportSource else "feed_url"
    source = model.objects.create(name=name, **{url_field: f"https://{name.lower().replace(' ', '-')}.example.org/"})
    fetch_failed(source, error)
    model.objects.filter(pk=source.pk).update(failing_since=timezone.now() - timedelta(days=days))
    return source


def _failed_email(subject):
    return OutgoingEmail.objects.create(
        subject=subject,
        recipients="rebond@example.org",
        status=OutgoingEmail.Status.FAILED,
        last_error="550 5.1.1 <rebond@example.org>: Recipient address rejected",
    )


def _failed_job(task_name="testapp.always_fails", error="RuntimeError: the partner's server is down"):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status, attempts) "
            "VALUES ('default', %s, '{}', 'failed', 3) RETURNING id",
            [task_name],
        )
        job_id = cursor.fetchone()[0]
    JobError.objects.create(job_id=job_id, task_name=task_name, error=error, at=timezone.now())
    return job_id


@pytest.mark.django_db
def test_a_source_remembers_its_last_success_and_since_when_it_fails():
    source = ImportSource.objects.create(name="Mairie de Bourges", url="https://bourges.example.org/agenda.ics")
    fetch_succeeded(source, status="12 événements")
    succeeded_at = source.last_success_at
    assert succeeded_at is not None and source.failing_since is None
    fetch_failed(source, "HTTP 500")
    first_failure = source.failing_since
    fetch_failed(source, "HTTP 500")
    source.refresh_from_db()
    assert source.failing_since == first_failure  # the first failure, not the latest
    assert source.last_success_at == succeeded_at and source.consecutive_failures == 2
    fetch_succeeded(source, status="12 événements")
    source.refresh_from_db()
    assert source.failing_since is None and source.last_success_at > succeeded_at


@pytest.mark.django_db
def test_the_page_lists_sources_failing_longest_first_and_flags_those_past_three_days(admin_client):
    _failing(ImportSource, "Tiers-lieu récent", days=0)
    _failing(ImportSource, "Mairie de Vierzon", days=5, error="HTTP 410 Gone")
    _failing(Source, "Blog disparu", days=9, error="Nom de domaine inconnu")
    ImportSource.objects.create(name="Agenda en bonne santé", url="https://sain.example.org/agenda.ics")
    response = admin_client.get(HEALTH)
    assertContains(response, "Mairie de Vierzon", status_code=200)
    content = response.content.decode()
    agendas = content.split("Agendas partenaires")[2].split("</table>")[0]  # [1] is the summary at the top
    assert "2 en échec" in content.split("Agendas partenaires")[2]
    assert agendas.index("Mairie de Vierzon") < agendas.index("Tiers-lieu récent")
    assert "Agenda en bonne santé" not in content  # counted among the active ones, not listed
    assert "plus de 3 jours" in agendas and "HTTP 410 Gone" in agendas
    summary = content.split('role="status"')[1].split("</div>")[0]
    assert "Mairie de Vierzon" in summary and "Blog disparu" in summary
    assert "Tiers-lieu récent" not in summary  # an hour of failure is noise, not news
    source = ImportSource.objects.get(name="Mairie de Vierzon")
    assert f"/admin/agenda/importsource/{source.pk}/change/" in agendas


@pytest.mark.django_db
def test_failed_emails_jobs_and_webhooks_are_shown_with_their_errors(admin_client):
    _failed_email("Votre inscription est confirmée")
    job_id = _failed_job()
    content = admin_client.get(HEALTH).content.decode()
    assert "Votre inscription est confirmée" in content and "Recipient address rejected" in content
    assert "the partner&#x27;s server is down" in content
    assert f"/admin/procrastinate/procrastinatejob/{job_id}/change/" in content
    assert "Aucun worker ne tourne" in content  # none in this test: the page says so


@pytest.mark.django_db
def test_relancer_puts_a_failed_job_back_in_the_queue(admin_client):
    job_id = _failed_job()
    response = admin_client.post(HEALTH, {"job": job_id}, follow=True)
    assertContains(response, "La tâche est relancée")
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id])
        assert cursor.fetchone() == ("todo",)
    assert not JobError.objects.filter(job_id=job_id).exists()
    again = admin_client.post(HEALTH, {"job": job_id}, follow=True)
    assertContains(again, "plus en échec")
    assert admin_client.post(HEALTH, {"job": "x"}).status_code == 400


@pytest.mark.django_db
def test_only_staff_see_the_health_page(client):
    _failed_email("Message personnel")
    client.force_login(UserFactory())
    response = client.get(HEALTH)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(ModeratorFactory())
    assertContains(client.get(HEALTH), "Message personnel", status_code=200)


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_down_each_tasks_outcome_and_error():
    from tests.testapp.tasks import always_fails

    always_fails.defer()
    run_worker_until_idle()
    assert TaskRun.objects.filter(task="always_fails").count() == 3
    record = TaskRecord.objects.get(task_name="testapp.always_fails")
    assert record.failures_in_a_row == 3 and record.last_succeeded_at is None
    assert "RuntimeError: the partner's server is down" in record.last_error
    assert "tests/testapp/tasks.py" in record.last_error  # where, for whoever fixes it
    [error] = JobError.objects.all()
    assert "the partner's server is down" in error.error

    from django.core.mail import send_mail

    send_mail("Bienvenue", "Corps", None, ["nina@example.org"])
    run_worker_until_idle()
    delivered = TaskRecord.objects.get(task_name="outbox.deliver_email")
    assert delivered.last_succeeded_at is not None and delivered.failures_in_a_row == 0 and delivered.last_error == ""


@pytest.mark.django_db
def test_a_scheduled_task_that_missed_two_runs_is_late(settings):
    now = timezone.now()
    # outbox.prune runs every Sunday: last seen three weeks ago, it stopped.
    TaskRecord.objects.create(task_name="outbox.prune", last_started_at=now - timedelta(days=21))
    TaskRecord.objects.create(task_name="veille.fetch_feeds", last_started_at=now - timedelta(minutes=10))
    # Every minute, last run 10 minutes ago: a busy worker, not a stopped schedule; 2 hours ago: stopped.
    TaskRecord.objects.create(task_name="api.deliver_due_webhooks", last_started_at=now - timedelta(minutes=10))
    TaskRecord.objects.create(task_name="testapp.every_minute", last_started_at=now - timedelta(hours=2))
    tasks = {task.name: task for task in checks.health_report(now).tasks}
    assert tasks["outbox.prune"].late
    assert not tasks["veille.fetch_feeds"].late
    assert not tasks["api.deliver_due_webhooks"].late and tasks["testapp.every_minute"].late
    assert tasks["health.weekly_summary"].record is None and not tasks["health.weekly_summary"].late
    assert any("outbox.prune" in line for line in checks.health_report(now).failing)


@pytest.mark.django_db
def test_the_weekly_summary_goes_to_the_moderators_only_when_something_fails(mailoutbox, run_jobs):
    from cresol.health.tasks import weekly_summary

    moderators = [ModeratorFactory(), ModeratorFactory()]
    _failing(ImportSource, "Tiers-lieu récent", days=1)  # not yet news
    weekly_summary(timestamp=0)
    run_jobs()
    assert mailoutbox == []

    _failing(ImportSource, "Mairie de Vierzon", days=5, error="HTTP 410 Gone")
    _failed_email("Votre inscription est confirmée")
    weekly_summary(timestamp=0)
    run_jobs()
    assert sorted(message.to[0] for message in mailoutbox) == sorted(user.email for user in moderators)
    message = mailoutbox[0]
    assert message.subject == "Portail Cré-sol : 2 problèmes à regarder cette semaine"
    assert "Mairie de Vierzon" in message.body and "HTTP 410 Gone" in message.body
    assert "1 e-mail n'a pas pu être envoyé cette semaine" in message.body
    assert "/admin/sante/" in message.body
    assert "Tiers-lieu récent" not in message.body


@pytest.mark.django_db
def test_the_page_runs_the_same_queries_whatever_fails(admin_client):
    _failing(ImportSource, "Mairie 0", days=5)
    _failed_email("Message 0")
    _failed_job()
    with CaptureQueriesContext(connection) as few:
        assertContains(admin_client.get(HEALTH), "Mairie 0", status_code=200)
    for number in range(1, 25):
        _failing(ImportSource, f"Mairie {number}", days=5)
        _failing(Source, f"Flux {number}", days=5)
        _failed_email(f"Message {number}")
        _failed_job()
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(HEALTH)
    assertContains(response, "Mairie 24", status_code=200)
    assertContains(response, "Flux 24")
    assert len(many.captured_queries) == len(few.captured_queries)
