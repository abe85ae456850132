"""« À traiter »: everything that waits for a moderator, whatever the section, on one page of the admin.

Each kind of waiting thing is a `WaitingKind`: the rows that wait (a queryset), since when, who sent
them, and what a moderator may do with one right there (approve, refuse with a reason, mark as
treated…). Moderated contents awaiting review and the change requests suggested on them are found
here from the moderation registry and the admin; the sections register the rest (reports, flagged
comments, imports to confirm) from their `ready()`, so this module names no section.

The page runs two queries per kind (the oldest rows, the counts per week), whatever the data.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Min, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import registry, services
from .admin import ChangeRequestAdminMixin
from .models import Status

WEEKS_COUNTED = 6  # the summary's columns: this week and the five before, then "older"
ROWS_PER_KIND = 100  # the page lists at most this many of each kind, oldest first


@dataclass(frozen=True)
class QueueAction:
    """What a moderator does to one waiting row from the page. `run(obj, by=, reason=)` goes through the
    section's service and raises ValidationError with a French message when it cannot be done."""

    name: str
    label: "str | Promise"
    run: Callable[..., Any]
    needs_reason: bool = False
    reason_label: "str | Promise" = ""


@dataclass(frozen=True)
class WaitingKind:
    key: str  # how the page's forms name it, e.g. "initiatives.report"
    section: str
    label: str  # plural, e.g. "Signalements"
    model: type[Any]  # whose "change" permission lets a moderator see and act on the rows
    waiting: Callable[[], QuerySet[Any]]  # the rows that wait, with what describe() reads joined
    since: str  # the field saying since when a row waits
    describe: Callable[[Any], tuple[str, str]]  # (what it is, who sent it)
    actions: tuple[QueueAction, ...] = ()
    order: int = 100
    permission: str = ""  # when not the model's "change" permission
    url: Callable[[Any], str] | None = None  # when the row is handled elsewhere than its admin page

    def can_act(self, user: Any) -> bool:
        meta = self.model._meta
        return bool(user.has_perm(self.permission or f"{meta.app_label}.change_{meta.model_name}"))

    def change_url(self, obj: Any) -> str:
        if self.url is not None:
            return self.url(obj)
        meta = obj._meta
        try:
            return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        except NoReverseMatch:
            return ""

    def action(self, name: str) -> QueueAction | None:
        return next((action for action in self.actions if action.name == name), None)


@dataclass
class WaitingRow:
    kind: WaitingKind
    obj: Any
    since: datetime | None
    what: str
    sender: str
    url: str
    error: str = ""  # why the decision just tried on it failed, shown beside its field
    typed_reason: str = ""


@dataclass
class KindSummary:
    kind: WaitingKind
    total: int
    per_week: list[int] = field(default_factory=list)  # this week first
    older: int = 0
    oldest: datetime | None = None


_kinds: dict[str, WaitingKind] = {}


def register(kind: WaitingKind) -> None:
    _kinds[kind.key] = kind


def sender_name(user: Any) -> str:
    return str(user) if user is not None else str(_("inconnu"))


# --- The kinds found without the sections' help --------------------------------------------------------


def _approve(obj: Any, *, by: Any, reason: str = "") -> None:
    services.moderation_approve(obj=obj, by=by)


def _reject(obj: Any, *, by: Any, reason: str = "") -> None:
    services.moderation_reject(obj=obj, by=by, reason=reason)


MODERATION_ACTIONS = (
    QueueAction("approve", _("Publier"), _approve),
    QueueAction("reject", _("Refuser"), _reject, needs_reason=True, reason_label=_("Motif du refus (envoyé)")),
)


def _pending_contents(entry: registry.ModeratedSection) -> WaitingKind:
    return WaitingKind(
        key=entry.key,
        section=entry.section,
        label=str(_("%(contents)s à valider") % {"contents": entry.label}).capitalize(),
        model=entry.model,
        waiting=lambda: entry.model._default_manager.filter(status=Status.PENDING).select_related("submitted_by"),
        since="submitted_at",
        describe=lambda obj: (
            f"{obj} — {obj.waiting_note}" if obj.waiting_note else str(obj),
            sender_name(obj.submitted_by),
        ),
        actions=MODERATION_ACTIONS,
        order=entry.order,
    )


def changed_fields(model: type[Any], changes: dict[str, Any]) -> str:
    """ "Adresse, Site web": the fields a change request touches, named as on the form, without a query."""
    labels = []
    for name in changes:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name).capitalize())
        except FieldDoesNotExist:
            labels.append(name)
    return ", ".join(labels)


def _change_requests(model: type[Any], model_admin: ChangeRequestAdminMixin) -> WaitingKind:
    content_model = model._meta.get_field(model_admin.content_field).related_model
    entry = registry.section_of(content_model._meta.label_lower)

    def apply(obj: Any, *, by: Any, reason: str = "") -> None:
        model_admin.apply_change(change_request=obj, by=by)

    def refuse(obj: Any, *, by: Any, reason: str = "") -> None:
        obj.refusal_reason = reason  # the page asks for it (needs_reason); the section's service sends it
        model_admin.refuse_change(change_request=obj, by=by)

    return WaitingKind(
        key=model._meta.label_lower,
        section=entry.section if entry else str(content_model._meta.app_config.verbose_name),
        label=str(model._meta.verbose_name_plural).capitalize(),
        model=model,
        waiting=lambda: model._default_manager.filter(state="pending").select_related(
            model_admin.content_field, "submitted_by"
        ),
        since="created_at",
        describe=lambda obj: (
            f"{getattr(obj, model_admin.content_field)} — {changed_fields(content_model, obj.changes)}",
            sender_name(obj.submitted_by),
        ),
        actions=(
            QueueAction("apply", _("Appliquer"), apply),
            QueueAction("refuse", _("Refuser"), refuse, needs_reason=True, reason_label=_("Motif du refus (envoyé)")),
        ),
        order=(entry.order if entry else 100) + 1,
    )


def kinds() -> list[WaitingKind]:
    """Every kind of waiting thing, in the order of the sections."""
    found = {entry.key: _pending_contents(entry) for entry in registry.registered_sections()}
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ChangeRequestAdminMixin):
            kind = _change_requests(model, model_admin)
            found[kind.key] = kind
    found.update(_kinds)
    return sorted(found.values(), key=lambda kind: (kind.order, kind.key))


def kinds_for(user: Any) -> list[WaitingKind]:
    return [kind for kind in kinds() if kind.can_act(user)]


def kind_named(key: str, user: Any) -> WaitingKind | None:
    return next((kind for kind in kinds_for(user) if kind.key == key), None)


# --- What the page reads --------------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def summarise(kind: WaitingKind, *, today: date | None = None) -> KindSummary:
    """How many rows of a kind wait, by the week they started waiting: one query."""
    monday = week_start(today or timezone.localdate())
    starts = [monday - timedelta(weeks=back) for back in range(WEEKS_COUNTED)]
    bounds = [timezone.make_aware(datetime.combine(start, datetime.min.time())) for start in starts]
    since = kind.since
    counts: dict[str, Any] = {"total": Count("pk"), "oldest": Min(since)}
    for index, bound in enumerate(bounds):
        week = Q(**{f"{since}__gte": bound})
        if index:
            week &= Q(**{f"{since}__lt": bounds[index - 1]})
        counts[f"week{index}"] = Count("pk", filter=week)
    counts["older"] = Count("pk", filter=Q(**{f"{since}__lt": bounds[-1]}) | Q(**{f"{since}__isnull": True}))
    figures = kind.waiting().order_by().aggregate(**counts)
    return KindSummary(
        kind=kind,
        total=figures["total"],
        per_week=[figures[f"week{index}"] for index in range(WEEKS_COUNTED)],
        older=figures["older"],
        oldest=figures["oldest"],
    )


def oldest_rows(kind: WaitingKind, *, limit: int = ROWS_PER_KIND) -> list[WaitingRow]:
    """The rows of a kind that wait the longest: one query."""
    rows = []
    for obj in kind.waiting().order_by(f"{kind.since}", "pk")[:limit]:
        what, sender = kind.describe(obj)
        rows.append(
            WaitingRow(
                kind=kind, obj=obj, since=getattr(obj, kind.since), what=what, sender=sender, url=kind.change_url(obj)
            )
        )
    return rows


def merged_oldest_first(groups: Iterable[list[WaitingRow]], *, limit: int) -> list[WaitingRow]:
    rows = [row for group in groups for row in group]
    far_future = timezone.now() + timedelta(days=36500)
    rows.sort(key=lambda row: row.since or far_future)
    return rows[:limit]
