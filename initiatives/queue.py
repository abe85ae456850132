"""What the Archipel gives the moderators' « À traiter » page besides its pending initiatives and
suggested edits (found from the moderation registry): open reports and CSV imports checked but not run."""

from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cresol.moderation.queue import QueueAction, WaitingKind, sender_name

from . import services
from .models import InitiativeImport, Report

SECTION = "Archipel O Centre"
# A file checked and not imported within this delay was set aside: it stops waiting.
IMPORT_WAITS_DAYS = 14


def _report_what(report: Report) -> str:
    what = f"{report.get_reason_display()} — {report.initiative}"
    if report.comment:
        what += f" : « {Truncator(report.comment).chars(160)} »"
    return what


def _resolve(report: Report, *, by: Any, reason: str = "") -> None:
    services.reports_resolve(reports=Report.objects.filter(pk=report.pk))


def _imports_waiting() -> Any:
    since = timezone.now() - timedelta(days=IMPORT_WAITS_DAYS)
    return InitiativeImport.objects.listed().filter(imported_at__isnull=True, created_at__gte=since)


REPORTS = WaitingKind(
    key="initiatives.report",
    section=SECTION,
    label=str(_("Signalements")),
    model=Report,
    waiting=lambda: Report.objects.filter(resolved=False).select_related("initiative"),
    since="created_at",
    describe=lambda report: (_report_what(report), report.email or str(_("anonyme"))),
    actions=(QueueAction("resolve", _("Marquer comme traité"), _resolve),),
    order=12,
)

IMPORTS = WaitingKind(
    key="initiatives.initiativeimport",
    section=SECTION,
    label=str(_("Imports CSV à confirmer")),
    model=InitiativeImport,
    permission="initiatives.add_initiativeimport",
    waiting=lambda: _imports_waiting().select_related("created_by"),
    since="created_at",
    describe=lambda batch: (str(batch), sender_name(batch.created_by)),
    url=lambda batch: reverse("admin:initiatives_initiative_import_report", args=[batch.pk]),
    order=13,
)
