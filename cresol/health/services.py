"""Writes of the health page: each job's outcome, a failed job run again, the weekly summary sent."""

import traceback
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from cresol.core.validators import single_line

from .models import JobError, TaskRecord

ERROR_CHARS = 4000


def describe_error(error: BaseException) -> str:
    """The exception and where it was raised: what a developer needs first, without the whole stack."""
    summary = "".join(traceback.format_exception_only(type(error), error)).strip()
    frames = traceback.extract_tb(error.__traceback__)
    if frames:
        last = frames[-1]
        summary += f"\n  ({last.filename}, ligne {last.lineno}, dans {last.name})"
    return summary[:ERROR_CHARS]


def task_run_record(*, task_name: str, job_id: int, started_at: datetime, error: BaseException | None = None) -> None:
    """One job ran: its task's record says when and how; a failure's error is kept beside the job."""
    now = timezone.now()
    if error is None:
        changes: dict[str, Any] = {"last_succeeded_at": now, "failures_in_a_row": 0}
    else:
        message = describe_error(error)
        changes = {"last_failed_at": now, "last_error": message, "failures_in_a_row": F("failures_in_a_row") + 1}
        JobError.objects.update_or_create(
            job_id=job_id, defaults={"task_name": task_name[:128], "error": message, "at": now}
        )
    changes.update(last_started_at=started_at, last_finished_at=now)
    if TaskRecord.objects.filter(task_name=task_name).update(**changes):
        return
    try:
        with transaction.atomic():
            TaskRecord.objects.create(
                task_name=task_name[:128],
                **{**changes, "failures_in_a_row": 0 if error is None else 1},
            )
    except IntegrityError:  # another worker wrote the first record meanwhile
        TaskRecord.objects.filter(task_name=task_name).update(**changes)


def job_retry(*, job_id: int) -> bool:
    """Run a failed job again, now (procrastinate's own retry, as its admin's action does)."""
    from procrastinate.contrib.django import app
    from procrastinate.contrib.django.models import ProcrastinateJob

    job = ProcrastinateJob.objects.filter(pk=job_id, status="failed").first()
    if job is None:
        return False
    app.job_manager.retry_job_by_id(job.id, timezone.now(), job.priority, job.queue_name, job.lock)
    JobError.objects.filter(job_id=job.id).delete()
    return True


def job_errors_prune() -> int:
    """The errors of jobs procrastinate no longer keeps (succeeded at a retry, or deleted)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    kept = ProcrastinateJob.objects.filter(status="failed").values("id")
    count, _deleted = JobError.objects.exclude(job_id__in=kept).delete()
    return count


def health_summary_send(*, report: Any, recipients: list[str]) -> int:
    """E-mail the moderators what fails (checks.Report); nothing at all when nothing does."""
    if not report.failing or not recipients:
        return 0
    context = {"report": report, "site_url": settings.SITE_URL, "admin_url": settings.ADMIN_URL}
    subject = single_line(render_to_string("health/email/summary_subject.txt", context))
    body = render_to_string("health/email/summary.txt", context)
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
