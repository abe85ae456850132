"""What fails, read from the database in a number of queries that does not grow with the data: the health
page shows it, the weekly e-mail sends its `failing` lines."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from cresol.core.wording import count_of

from .models import JobError, TaskRecord
from .registry import WatchedSources, watched_sources

# A source failing longer than this is a partner to call; before, it is usually a server restarting.
SOURCE_ALERT_AFTER = timedelta(days=3)
ROWS = 50  # each list of the page shows at most this many, the oldest failure first
WORKER_ALIVE = timedelta(minutes=2)
LATE_GRACE = timedelta(minutes=30)  # a worker writes its heartbeat every 10 s


@dataclass
class FailingSource:
    source: Any
    url: str  # its admin page, where it is fixed or set aside
    alert: bool  # failing for longer than SOURCE_ALERT_AFTER


@dataclass
class SourceGroup:
    entry: WatchedSources
    active: int
    failing: int
    rows: list[FailingSource]  # failing longest first


@dataclass
class TaskState:
    name: str
    cron: str  # "" for a task run on demand
    record: TaskRecord | None
    late: bool  # a scheduled task that ran once and missed its last two schedules


@dataclass
class Report:
    now: datetime
    sources: list[SourceGroup]
    failed_emails: list[Any]
    failed_email_count: int
    failed_emails_this_week: int
    tasks: list[TaskState]
    failed_jobs: list[Any]
    failed_job_count: int
    webhooks: list[Any]
    workers_alive: int
    last_heartbeat: datetime | None
    failing: list[str] = field(default_factory=list)  # one line per problem, for the weekly e-mail


def _sources(now: datetime) -> list[SourceGroup]:
    groups = []
    for entry in watched_sources():
        manager = entry.model._default_manager
        figures = manager.aggregate(
            active_count=Count("pk", filter=Q(active=True)),
            failing_count=Count("pk", filter=Q(active=True, consecutive_failures__gt=0)),
        )
        rows = [
            FailingSource(
                source=source,
                url=entry.change_url(source),
                alert=bool(source.failing_since and now - source.failing_since > SOURCE_ALERT_AFTER),
            )
            for source in manager.filter(active=True, consecutive_failures__gt=0).order_by("failing_since", "pk")[:ROWS]
        ]
        groups.append(
            SourceGroup(entry=entry, active=figures["active_count"], failing=figures["failing_count"], rows=rows)
        )
    return groups


def _emails(now: datetime) -> tuple[list[Any], int, int]:
    from cresol.outbox.models import OutgoingEmail

    failed = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED)
    figures = failed.aggregate(total=Count("pk"), week=Count("pk", filter=Q(created_at__gte=now - timedelta(days=7))))
    rows = list(failed.defer("payload").order_by("-created_at")[:ROWS])
    return rows, figures["total"], figures["week"]


def _schedules() -> dict[str, str]:
    """Each scheduled task's cron (UTC), from the procrastinate app the sections' tasks.py declared."""
    from procrastinate.contrib.django import app

    crons: dict[str, str] = {}
    for periodic in app.periodic_registry.periodic_tasks.values():
        crons.setdefault(periodic.task.name, periodic.cron)
    return crons


def _is_late(cron: str, record: TaskRecord | None, now: datetime) -> bool:
    if not cron or record is None or record.last_started_at is None:
        return False
    from croniter import croniter

    schedule = croniter(cron, now.astimezone(UTC))
    schedule.get_prev(datetime)
    second_last = schedule.get_prev(datetime)
    # A busy worker delays an every-minute task by a few minutes: that is a queue, not a stopped schedule.
    return bool(record.last_started_at < second_last - LATE_GRACE)


def _tasks(now: datetime) -> list[TaskState]:
    records = {record.task_name: record for record in TaskRecord.objects.all()}
    crons = _schedules()
    names = sorted(set(crons) | set(records))
    return [
        TaskState(
            name=name,
            cron=crons.get(name, ""),
            record=records.get(name),
            late=_is_late(crons.get(name, ""), records.get(name), now),
        )
        for name in names
    ]


def _failed_jobs() -> tuple[list[Any], int]:
    from procrastinate.contrib.django.models import ProcrastinateJob

    failed = ProcrastinateJob.objects.filter(status="failed")
    error = JobError.objects.filter(job_id=OuterRef("pk"))
    rows = list(
        failed.annotate(error=Subquery(error.values("error")[:1]), failed_at=Subquery(error.values("at")[:1])).order_by(
            "-id"
        )[:ROWS]
    )
    return rows, failed.count()


def _webhooks() -> list[Any]:
    from cresol.api.models import WebhookSubscription

    return list(
        WebhookSubscription.objects.filter(failing_since__isnull=False)
        .select_related("token")
        .order_by("failing_since")[:ROWS]
    )


def _workers(now: datetime) -> tuple[int, datetime | None]:
    from procrastinate.contrib.django.models import ProcrastinateWorker

    figures = ProcrastinateWorker.objects.aggregate(
        alive=Count("pk", filter=Q(last_heartbeat__gte=now - WORKER_ALIVE)), last=Max("last_heartbeat")
    )
    return figures["alive"], figures["last"]


def _failing_lines(report: Report) -> list[str]:
    lines = []
    for group in report.sources:
        for row in group.rows:
            if not row.alert:
                continue
            source = row.source
            days = (report.now - source.failing_since).days
            lines.append(
                _("%(kind)s « %(name)s » : en échec depuis %(days)s (%(error)s)")
                % {
                    "kind": group.entry.label,
                    "name": source.name,
                    "days": count_of(days, _("jour"), _("jours")),
                    "error": source.last_error[:200],
                }
            )
    if report.failed_emails_this_week:
        lines.append(
            count_of(
                report.failed_emails_this_week,
                _("e-mail n'a pas pu être envoyé cette semaine"),
                _("e-mails n'ont pas pu être envoyés cette semaine"),
            )
        )
    for task in report.tasks:
        if task.record and task.record.failed_last:
            lines.append(
                _("Tâche %(name)s en échec : %(error)s") % {"name": task.name, "error": task.record.last_error[:300]}
            )
        elif task.late:
            lines.append(
                _("Tâche planifiée %(name)s : pas lancée depuis son avant-dernière échéance") % {"name": task.name}
            )
    if report.failed_job_count:
        lines.append(
            count_of(
                report.failed_job_count,
                _("tâche abandonnée après ses essais"),
                _("tâches abandonnées après leurs essais"),
            )
        )
    for webhook in report.webhooks:
        lines.append(
            _("Webhook %(url)s : en échec depuis le %(since)s")
            % {"url": webhook.url, "since": timezone.localtime(webhook.failing_since).strftime("%d/%m/%Y")}
        )
    # No line for a stopped worker: the weekly e-mail is sent by a worker. The page says it.
    return lines


def health_report(now: datetime | None = None) -> Report:
    now = now or timezone.now()
    emails, email_count, emails_this_week = _emails(now)
    jobs, job_count = _failed_jobs()
    workers_alive, last_heartbeat = _workers(now)
    report = Report(
        now=now,
        sources=_sources(now),
        failed_emails=emails,
        failed_email_count=email_count,
        failed_emails_this_week=emails_this_week,
        tasks=_tasks(now),
        failed_jobs=jobs,
        failed_job_count=job_count,
        webhooks=_webhooks(),
        workers_alive=workers_alive,
        last_heartbeat=last_heartbeat,
    )
    report.failing = _failing_lines(report)
    return report
