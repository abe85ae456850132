"""Writes that take several steps: proposing, editing, renaming, change requests, reports, confirmation."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cresol.accounts.models import User
from cresol.api import webhooks
from cresol.core import slugs
from cresol.core.images import attach_image
from cresol.core.markdown import render_markdown
from cresol.core.versions import bump_content_version
from cresol.moderation.changes import check_pending, close, same_value
from cresol.moderation.models import Status
from cresol.moderation.notifications import notify_change_request
from cresol.moderation.services import moderation_publish, moderation_submit
from cresol.territories.geometry import WGS84
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from . import hours, reminders
from .models import (
    ChangeRequest,
    ConfirmationReminder,
    Initiative,
    InitiativeImport,
    InitiativeOpening,
    InitiativeSlug,
    Report,
)

# Fields a member may set or suggest changing; the rest (status, badge, slug) are staff's.
EDITABLE_FIELDS = [
    "name",
    "summary",
    "description",
    "kind",
    "siret",
    "address",
    "website",
    "email",
    "phone",
    "social_links",
    "opening_hours",
    "opening_hours_note",
    "founded_year",
    "image_alt",
]


# Slugs that would be shadowed by the section's own URLs under /initiatives/.
RESERVED_SLUGS = {"proposer", "export", "recherche", "flux"}


def unique_slug(name: str, *, exclude_pk: Any = None) -> str:
    """A slug for the name, numbered when taken by another initiative now or in the past."""
    return slugs.unique_slug(
        name,
        default="initiative",
        reserved=RESERVED_SLUGS,
        max_length=160,
        taken_in=[
            (Initiative.objects.exclude(pk=exclude_pk), "slug"),
            (InitiativeSlug.objects.exclude(initiative_id=exclude_pk), "slug"),
        ],
    )


def initiative_render(*, initiative: Initiative) -> None:
    """The initiative's derived text, rendered from what its contributor wrote: once, at each write, by
    every write path (form, change request, admin, import, demo), never when a page is read."""
    initiative.description_html = render_markdown(initiative.description)


def _save(initiative: Initiative) -> None:
    initiative_render(initiative=initiative)
    initiative.full_clean()
    initiative.save()


def initiative_refresh_main_theme(*, initiative: Initiative) -> None:
    """The main theme (the map's colour) is the first of its themes in the taxonomy's order."""
    main_theme = initiative.themes.order_by("order", "name").first()
    if initiative.main_theme_id != (main_theme.pk if main_theme else None):
        Initiative.objects.filter(pk=initiative.pk).update(main_theme=main_theme, updated_at=timezone.now())
        initiative.main_theme = main_theme


def _set_relations(initiative: Initiative, *, themes: Any, tags: Any) -> None:
    initiative.themes.set(themes)
    initiative.tags.set(tags or [])
    initiative_refresh_main_theme(initiative=initiative)


def initiative_openings_refresh(*, initiatives: Any = None, now: datetime | None = None) -> int:
    """Store when each initiative is open in the coming days (`InitiativeOpening`), for the "ouvert
    maintenant" filter; those without hours lose theirs. Each distinct expression is evaluated once.
    Called after every save of an initiative and every night for all (tasks.refresh_openings)."""
    now = now or timezone.now()
    # From the start of today, so that the periods cover whole days whenever the refresh runs.
    start = hours.start_of_day(now)
    queryset = initiatives if initiatives is not None else Initiative.objects.all()
    periods_of, rows = {}, []
    for pk, expression in queryset.exclude(opening_hours="").values_list("pk", "opening_hours").iterator(2000):
        if expression not in periods_of:
            try:
                periods_of[expression] = hours.open_periods(expression, start=start)
            except hours.HoursError:  # written before the validation: no periods rather than a crash
                periods_of[expression] = []
        rows.append(InitiativeOpening(initiative_id=pk, periods=periods_of[expression], computed_at=now))
    with transaction.atomic():
        InitiativeOpening.objects.filter(initiative__in=queryset.filter(opening_hours="")).delete()
        InitiativeOpening.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["initiative"],
            update_fields=["periods", "computed_at"],
        )
    return len(rows)


def initiative_fill(initiative: Initiative, data: dict[str, Any]) -> None:
    """Set the fields a member gives (the members' form's cleaned data) on an unsaved initiative."""
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(initiative, field, data[field] if data[field] is not None else getattr(initiative, field))
    initiative.commune = data["commune"]
    # Without a point placed on the map, the initiative sits at its commune's point.
    initiative.point = data.get("point") or data["commune"].point


@transaction.atomic
def initiative_propose(
    *, data: dict[str, Any], by: User | None, duplicate_acknowledged: bool = False, publish: bool = False
) -> Initiative:
    """A member lists an initiative: it is saved and sent to the moderators at once; a trusted partner's
    (`publish`, through the API) is published at once, as a trusted calendar's events are."""
    initiative = Initiative(submitted_by=by, duplicate_acknowledged=duplicate_acknowledged)
    initiative_fill(initiative, data)
    initiative.slug = unique_slug(initiative.name)
    attach_image(initiative, data.get("image"), name=initiative.slug)
    _save(initiative)
    _set_relations(initiative, themes=data["themes"], tags=data.get("tags"))
    initiative_openings_refresh(initiatives=Initiative.objects.filter(pk=initiative.pk))
    if publish:
        moderation_publish(obj=initiative, by=by)
    else:
        moderation_submit(obj=initiative, by=by)
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, data: dict[str, Any], by: User | None) -> Initiative:
    """The contributor edits their initiative while it is not published; a refused one goes back to review."""
    if initiative.status in (Status.PUBLISHED, Status.ARCHIVED):
        raise ValidationError(_("Une initiative publiée se modifie par une proposition de modification."))
    initiative_fill(initiative, data)
    attach_image(initiative, data.get("image"), name=initiative.slug)
    _save(initiative)
    _set_relations(initiative, themes=data["themes"], tags=data.get("tags"))
    initiative_openings_refresh(initiatives=Initiative.objects.filter(pk=initiative.pk))
    if initiative.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=initiative, by=by)
    return initiative


@transaction.atomic
def initiatives_create(
    *,
    initiatives: list[Initiative],
    themes_of: Callable[[Any], Iterable[Any]],
    tags_of: Callable[[Any], Iterable[str]] | None = None,
    batch_size: int = 2000,
) -> list[Initiative]:
    """Create many initiatives at once (the demo, an import, the scale benchmarks) in a few queries:
    their description rendered (once per distinct text), their themes (`themes_of(initiative)`, the
    main one first, as `initiative_refresh_main_theme` would choose it), their tags (`tags_of`, a query
    or two per initiative that has some), their open periods. The caller takes the moderation
    decisions (cresol.moderation.services.moderation_decide_new) or builds them already decided."""
    rendered: dict[str, str] = {}
    for initiative in initiatives:
        if initiative.description not in rendered:
            initiative_render(initiative=initiative)
            rendered[initiative.description] = initiative.description_html
        initiative.description_html = rendered[initiative.description]
    created = Initiative.objects.bulk_create(initiatives, batch_size=batch_size)
    links = Initiative.themes.through
    links.objects.bulk_create(
        [
            links(initiative_id=initiative.pk, theme_id=theme.pk)
            for initiative in created
            for theme in themes_of(initiative)
        ],
        batch_size=batch_size * 2,
        ignore_conflicts=True,
    )
    if tags_of is not None:
        for initiative in created:
            if tags := tags_of(initiative):
                initiative.tags.set(tags)
    if any(initiative.opening_hours for initiative in created):
        initiative_openings_refresh(initiatives=Initiative.objects.filter(pk__in=[i.pk for i in created]))
    bump_content_version(Initiative)  # bulk writes send no signal
    return created


def initiative_change_slug(*, initiative: Initiative, new_slug: str) -> None:
    """Staff rename an initiative's URL; the old one keeps working as a permanent redirect."""
    old_slug = Initiative.objects.values_list("slug", flat=True).get(pk=initiative.pk)
    if old_slug == new_slug:
        return
    with transaction.atomic():
        InitiativeSlug.objects.filter(slug=new_slug, initiative=initiative).delete()
        if InitiativeSlug.objects.filter(slug=new_slug).exists():
            raise ValidationError(_("Cet identifiant a déjà servi à une autre initiative."))
        InitiativeSlug.objects.get_or_create(slug=old_slug, defaults={"initiative": initiative})


@transaction.atomic
def initiative_admin_save(
    *, initiative: Initiative, changed: Iterable[str], save_relations: Callable[[], None] | None = None
) -> list[str]:
    """Staff's edit in the admin: the same derived fields as a member's save (text, main theme, open
    periods), and a new slug keeps the old address as a redirect. Returns what staff must be told: a
    slug refused (the old one is kept, the rest saved)."""
    problems = []
    if initiative.pk and "slug" in changed:
        try:
            initiative_change_slug(initiative=initiative, new_slug=initiative.slug)
        except ValidationError as error:
            problems += error.messages
            initiative.slug = Initiative.objects.values_list("slug", flat=True).get(pk=initiative.pk)
    initiative.slug = initiative.slug or unique_slug(initiative.name, exclude_pk=initiative.pk)
    _save(initiative)
    if save_relations is not None:
        save_relations()
    initiative_refresh_main_theme(initiative=initiative)
    initiative_openings_refresh(initiatives=Initiative.objects.filter(pk=initiative.pk))
    if "status" not in changed:  # a decision has its own webhook (the moderation's)
        webhooks.content_changed(initiative)
    return problems


def reports_resolve(*, reports: QuerySet[Any], resolved: bool = True) -> int:
    """Staff mark reports as dealt with (or open again): the list of those to look at shrinks."""
    count = reports.update(resolved=resolved)
    bump_content_version(reports.model)  # an update sends no signal to make the cached pages stale
    return count


def report_admin_save(*, report: Report) -> Report:
    """Staff change a report in the admin: only whether it is dealt with."""
    report.save(update_fields=["resolved"])
    return report


def import_batch_create(
    *, file_name: str, content: bytes, report: dict[str, Any], publish: bool, include_duplicates: bool, by: User | None
) -> InitiativeImport:
    """A CSV file checked in the admin, kept with its report until staff import it (or not)."""
    return InitiativeImport.objects.create(
        file_name=file_name[:255],
        content=content,
        report=report,
        publish=publish,
        include_duplicates=include_duplicates,
        created_by=by,
    )


def import_batch_done(*, batch: InitiativeImport, report: dict[str, Any], created_count: int) -> None:
    """The batch was imported (the initiatives created by initiatives_create): it cannot be again."""
    batch.report, batch.imported_at, batch.imported_count = report, timezone.now(), created_count
    batch.save(update_fields=["report", "imported_at", "imported_count"])


def serialize_for_change(data: dict[str, Any]) -> dict[str, Any]:
    """Form data as JSON-friendly values, to keep a change request until staff decide."""
    values = {field: data[field] for field in EDITABLE_FIELDS if field in data and field != "image_alt"}
    values["commune"] = data["commune"].code
    values["themes"] = sorted(theme.slug for theme in data["themes"])
    values["tags"] = sorted(data.get("tags") or [])
    if data.get("point") is not None:
        values["point"] = [round(data["point"].x, 6), round(data["point"].y, 6)]
    return values


def current_values(initiative: Initiative) -> dict[str, Any]:
    values = {field: getattr(initiative, field) for field in EDITABLE_FIELDS if field != "image_alt"}
    values["commune"] = initiative.commune.code
    values["themes"] = sorted(theme.slug for theme in initiative.themes.all())
    values["tags"] = sorted(tag.name for tag in initiative.tags.all())
    values["point"] = [round(initiative.point.x, 6), round(initiative.point.y, 6)]
    return values


def _same(field: str, proposed: Any, current: Any) -> bool:
    """Hours are compared as hours: the form's grid writes "PH closed" where the stored text said
    "PH off", and nobody changed anything."""
    if field == "opening_hours" and proposed and current:
        return hours.normalized(proposed) == hours.normalized(current)
    return same_value(proposed, current)


@transaction.atomic
def change_request_submit(
    *, initiative: Initiative, data: dict[str, Any], comment: str, by: User | None
) -> ChangeRequest | None:
    """Keep the fields a member changed on a published initiative; nothing changes online yet."""
    proposed, current = serialize_for_change(data), current_values(initiative)
    changes = {field: value for field, value in proposed.items() if not _same(field, value, current.get(field))}
    if not changes:
        return None
    change_request = ChangeRequest.objects.create(
        initiative=initiative, submitted_by=by, changes=changes, comment=comment
    )
    notify_change_request(change_request=change_request)
    return change_request


@transaction.atomic
def change_request_apply(*, change_request: ChangeRequest, by: User | None) -> Initiative:
    check_pending(change_request)
    initiative = Initiative.objects.select_for_update().get(pk=change_request.initiative_id)
    changes = dict(change_request.changes)
    themes = changes.pop("themes", None)
    tags = changes.pop("tags", None)
    if "commune" in changes:
        initiative.commune = Commune.objects.get(code=changes.pop("commune"))
    if "point" in changes:
        longitude, latitude = changes.pop("point")
        initiative.point = Point(longitude, latitude, srid=WGS84)
    for field, value in changes.items():
        if field in EDITABLE_FIELDS:
            setattr(initiative, field, value)
    _save(initiative)
    initiative_openings_refresh(initiatives=Initiative.objects.filter(pk=initiative.pk))
    if themes is not None or tags is not None:
        _set_relations(
            initiative,
            themes=Theme.objects.filter(slug__in=themes) if themes is not None else initiative.themes.all(),
            tags=tags if tags is not None else [t.name for t in initiative.tags.all()],
        )
    close(change_request, state=ChangeRequest.State.APPLIED, by=by)
    webhooks.content_changed(initiative)
    return initiative


@transaction.atomic
def change_request_refuse(*, change_request: ChangeRequest, by: User | None, reason: str = "") -> None:
    close(change_request, state=ChangeRequest.State.REFUSED, by=by, reason=reason)


def report_create(*, initiative: Initiative, reason: str, comment: str = "", email: str = "") -> Report:
    return Report.objects.create(initiative=initiative, reason=reason, comment=comment, email=email)


def initiative_confirm(*, initiative: Initiative) -> None:
    """Its contact says it is still active (from the yearly e-mail, without an account)."""
    Initiative.objects.filter(pk=initiative.pk).update(last_confirmed_at=timezone.now())


def reminders_send(*, now: datetime | None = None) -> tuple[int, int]:
    """E-mail every initiative unconfirmed for 12 months, once per period. Returns (queued, skipped).

    Exactly once: the reminder row (unique per initiative and period) and the queued e-mail are
    committed together, so a second run never e-mails the same period twice, and the outbox retries
    the delivery while the mail server refuses it.
    """
    sent = skipped = 0
    for initiative in Initiative.objects.needing_confirmation(now).select_related("submitted_by").order_by("pk"):
        address = reminders.contact_address(initiative)
        if not address:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                ConfirmationReminder.objects.create(
                    initiative=initiative, period=reminders.reminder_period(initiative), sent_at=timezone.now()
                )
                reminders.send(initiative, address)
        except IntegrityError:  # already sent for this period
            skipped += 1
            continue
        sent += 1
    return sent, skipped
