"""Writes on events that take several steps: saving a series and its occurrences, cancelling."""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cresol.accounts.models import User
from cresol.api import webhooks
from cresol.core import slugs
from cresol.core.images import attach_image
from cresol.core.markdown import render_markdown
from cresol.core.versions import bump_content_version
from cresol.moderation.changes import check_pending, close
from cresol.moderation.models import Status
from cresol.moderation.notifications import notify_change_request
from cresol.moderation.services import moderation_publish, moderation_submit

from .expansion import occurrence_starts
from .models import Event, EventChangeRequest, ImportSource, Occurrence
from .recurrence import PARIS, window
from .registrations.models import Registration
from .registrations.services import registrants_tell_cancelled


def unique_slug(title: str, *, exclude_pk: Any = None, also_taken: Iterable[str] = frozenset()) -> str:
    return slugs.unique_slug(
        title,
        default="evenement",
        reserved={"proposer", "carte", "flux", "mois"},
        taken_in=[(Event.objects.exclude(pk=exclude_pk), "slug")],
        also_taken=also_taken,
    )


# The fields a member types as they are (the others are computed by event_fill).
TEXT_FIELDS = (
    "title",
    "summary",
    "description",
    "kind",
    "attendance",
    "online_url",
    "venue_name",
    "address",
    "organiser_name",
    "price",
    "price_details",
    "registration_url",
    "accessibility",
    "image_alt",
    "monthly_mode",
)


def event_fill(event: Event, data: dict[str, Any]) -> None:
    """Set what the members' form gives (its cleaned data) on an unsaved event, the venue's address,
    name, commune and point filling in what the organiser left out."""
    for name in TEXT_FIELDS:
        setattr(event, name, data.get(name) or "")
    event.all_day = bool(data.get("all_day"))
    event.excluded_dates = data.get("excluded_dates") or []
    event.start, event.end = data["start"], data["end"]
    event.frequency = data.get("frequency") or ""
    event.interval = data.get("interval") or 1
    event.weekdays = data.get("weekdays") or []
    event.until, event.count = data.get("until"), data.get("count")
    event.place_initiative = data.get("place_initiative")
    event.organiser_initiative = data.get("organiser_initiative")
    _fill_venue(event, data)
    image = data.get("image")
    attach_image(event, image, name=unique_slug(event.title) if image else "")  # the name: for a new file only


def _fill_venue(event: Event, data: dict[str, Any]) -> None:
    place = event.place_initiative
    event.commune = data.get("commune_name") or (place.commune if place else None)
    if place and not event.address:
        event.address = place.address
        event.venue_name = event.venue_name or place.name
    event.point = data.get("point") or (place.point if place else (event.commune.point if event.commune else None))
    if not event.is_on_site:
        event.commune, event.point = None, None


def event_render(*, event: Event) -> None:
    """The event's derived text, rendered from what its organiser wrote: once, at each write, by every
    write path (form, admin, import, demo), never when a page is read."""
    event.description_html = render_markdown(event.description)


def _overridden(event: Event, occurrences: dict[datetime, Occurrence]) -> list[Occurrence]:
    """Apply the partner's moved and cancelled dates to the stored `occurrences` (by their rule date)
    they name; the others wait for the window of stored dates to reach them. Returns those changed."""
    by_day: dict[date, Occurrence] = {}
    if event.all_day:  # Outlook names a date of an all-day series by a time (00:00 in its own zone)
        by_day = {start.astimezone(PARIS).date(): occurrence for start, occurrence in occurrences.items()}
    changed = []
    for override in event.partner_overrides or []:
        original = datetime.fromisoformat(override["original"])
        occurrence = occurrences.get(original) or by_day.get(original.astimezone(PARIS).date())
        if occurrence is None:
            continue
        if override["cancelled"]:
            wanted = (occurrence.start, occurrence.end, occurrence.moved, True)
        else:
            start = datetime.fromisoformat(override["start"])
            end = datetime.fromisoformat(override["end"]) if override.get("end") else start + event.duration
            wanted = (start, max(start, end), True, False)
        if (occurrence.start, occurrence.end, occurrence.moved, occurrence.cancelled) != wanted:
            occurrence.start, occurrence.end, occurrence.moved, occurrence.cancelled = wanted
            changed.append(occurrence)
    return changed


@transaction.atomic
def event_regenerate_occurrences(*, event: Event, now: datetime | None = None) -> int:
    """Store the occurrences the event's rule gives, keeping the dates that were cancelled or moved.

    Editing a series therefore never duplicates it: rows are matched on the date the rule gives them.
    """
    duration = event.end - event.start
    wanted = occurrence_starts(event, now=now)
    wanted_set = set(wanted)
    existing = {occurrence.original_start: occurrence for occurrence in event.occurrences.all()}
    # Dates the rule no longer gives go, unless a moderator changed them by hand (kept as exceptions).
    # Past dates of a series before the window stay as they are: its history, not to be recomputed.
    # A single event has one date: any other is stale (its time was changed, earlier or later).
    window_start = window(event, now=now)[0] if event.is_recurring else None
    # A date people registered for stays too: they are told if it is cancelled, never left without it.
    registered = set(Registration.objects.filter(occurrence__event=event).values_list("occurrence_id", flat=True))
    stale = [
        o.pk
        for start, o in existing.items()
        if start not in wanted_set
        and not (o.cancelled or o.moved or o.pk in registered)
        and (window_start is None or start >= window_start)
    ]
    Occurrence.objects.filter(pk__in=stale).delete()
    to_create, to_update = [], []
    for start in wanted:
        occurrence = existing.get(start)
        if occurrence is None:
            to_create.append(Occurrence(event=event, original_start=start, start=start, end=start + duration))
        elif not occurrence.moved and occurrence.end != start + duration:
            occurrence.start, occurrence.end = start, start + duration
            to_update.append(occurrence)
    # The partner's moved and cancelled dates, on the rows kept and the new ones alike.
    gone = set(stale)
    kept = {start: occurrence for start, occurrence in existing.items() if occurrence.pk not in gone}
    for occurrence in _overridden(event, {**kept, **{new.original_start: new for new in to_create}}):
        if occurrence.pk and occurrence not in to_update:
            to_update.append(occurrence)
    Occurrence.objects.bulk_create(to_create)
    Occurrence.objects.bulk_update(to_update, ["start", "end", "moved", "cancelled"])
    bump_content_version(Occurrence)  # bulk writes send no signal
    return len(wanted)


def events_refresh_occurrences() -> int:
    """Move the window of dates of every series not over yet a day ahead (run nightly). Returns their count."""
    today = timezone.localdate()
    events = Event.objects.exclude(frequency="", recurrence="").exclude(until__lt=today)
    count = 0
    for event in events.iterator():
        event_regenerate_occurrences(event=event)
        count += 1
    return count


def event_touch(*, event: Event, change: str = "updated") -> None:
    """Record a change calendar applications must notice (iCalendar SEQUENCE), and partners' webhooks."""
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    bump_content_version(Event)
    event.refresh_from_db(fields=["sequence", "updated_at", "status"])
    webhooks.content_changed(event, change)


@transaction.atomic
def event_cancel(*, event: Event) -> None:
    """The organiser cancels the event: it stays in pages and feeds, marked cancelled."""
    event.cancelled = True
    event.save(update_fields=["cancelled", "updated_at"])
    event_touch(event=event, change="cancelled")
    registrants_tell_cancelled(event=event)


@transaction.atomic
def occurrence_edit(
    *, occurrence: Occurrence, start: datetime, end: datetime, cancelled: bool, touch: bool = True
) -> Occurrence:
    """A moderator's change to one date of a series, from the admin or elsewhere: new times make it a
    moved date (kept as an exception when the series is regenerated); it may be cancelled or restored.
    `touch=False` when the caller records one change for several dates."""
    stored = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    newly_cancelled = cancelled and not stored.cancelled
    if (start, end) != (stored.start, stored.end):
        stored.start, stored.end, stored.moved = start, end, True
    stored.cancelled = cancelled
    stored.save(update_fields=["start", "end", "moved", "cancelled"])
    occurrence.start, occurrence.end, occurrence.moved, occurrence.cancelled = (
        stored.start,
        stored.end,
        stored.moved,
        stored.cancelled,
    )
    if touch:
        event_touch(event=occurrence.event)  # the caller's event object learns its new sequence
    if newly_cancelled:
        registrants_tell_cancelled(event=occurrence.event, occurrence=occurrence)
    return occurrence


def occurrence_cancel(*, occurrence: Occurrence) -> None:
    occurrence_edit(occurrence=occurrence, start=occurrence.start, end=occurrence.end, cancelled=True)


def occurrence_move(*, occurrence: Occurrence, start: datetime, end: datetime) -> None:
    occurrence_edit(occurrence=occurrence, start=start, end=end, cancelled=occurrence.cancelled)


@transaction.atomic
def event_save(
    *, event: Event, themes: Any = None, tags: Any = None, save_relations: Callable[[], None] | None = None
) -> Event:
    """Save an event created or edited through a form or the admin, then its occurrences, one change
    more. `save_relations()`, the admin's, saves its themes, tags and the dates staff changed by hand."""
    if not event.slug:
        event.slug = unique_slug(event.title, exclude_pk=event.pk)
    event.full_clean(exclude=["slug"])
    event_render(event=event)
    is_new = event.pk is None
    newly_cancelled = event.cancelled and not is_new and not Event.objects.filter(pk=event.pk, cancelled=True).exists()
    event.save()
    if themes is not None:
        event.themes.set(themes)
    if tags is not None:
        event.tags.set(tags)
    if save_relations is not None:
        save_relations()
    event_regenerate_occurrences(event=event)
    if not is_new:
        event_touch(event=event)
    if newly_cancelled:
        registrants_tell_cancelled(event=event)
    return event


def event_partner_dates_reset(*, event: Event) -> None:
    """Before a partner's calendar is read again, its moved and cancelled dates are put back as the rule
    gives them: the overrides it still lists are applied afresh (a date restored by the partner is)."""
    event.occurrences.filter(Q(moved=True) | Q(cancelled=True)).update(
        moved=False, cancelled=False, start=F("original_start"), end=F("original_start") + event.duration
    )


def event_take_over(*, event: Event, source: ImportSource) -> Event:
    """Another partner's calendar that lists the event becomes its source (an event two partners share
    stays published while one of them still lists it)."""
    event.also_in_sources.remove(source)
    event.source, event.external_fingerprint = source, ""
    event.save(update_fields=["source", "external_fingerprint", "updated_at"])
    return event


def event_withdrawn_by_partner(*, event: Event) -> None:
    """The partner removed the event from its calendar: cancelled here (still listed, so that people who
    planned to go learn it), its fingerprint forgotten so that the next import restores it if it returns."""
    event_cancel(event=event)
    event.external_fingerprint = ""
    event.save(update_fields=["external_fingerprint"])


def import_source_shared_events(*, source: ImportSource, event_ids: list[int]) -> None:
    """Remember which other sources' events this calendar lists too, and only those."""
    shared = Event.also_in_sources.through
    shared.objects.filter(importsource=source).exclude(event_id__in=event_ids).delete()
    shared.objects.bulk_create([shared(event_id=pk, importsource=source) for pk in event_ids], ignore_conflicts=True)


def import_source_save(
    *, source: ImportSource, by: User | None, save_relations: Callable[[], None] | None = None
) -> ImportSource:
    """Staff add or change a partner's calendar: its new events are theirs to answer for."""
    if source.imported_by_id is None:
        source.imported_by = by
    source.save()
    if save_relations is not None:
        save_relations()
    return source


# Checked by our own code before a batch is created (the importer resolves them itself); Django would
# ask the database once per foreign key and per event otherwise.
_TRUSTED_REFERENCES = ["source", "commune", "submitted_by", "decided_by", "organiser_initiative", "place_initiative"]


@transaction.atomic
def event_propose(
    *, event: Event, by: User | None, themes: Any = None, tags: Any = None, publish: bool = False
) -> Event:
    """A member's new event: saved with its dates and sent for review in one transaction, so that a
    failed submission leaves nothing half-done (the moderators are told by the submission). A trusted
    partner's (`publish`, through the API) is published at once, as a trusted calendar's are."""
    event_save(event=event, themes=themes, tags=tags)
    if publish:
        moderation_publish(obj=event, by=by)
    else:
        moderation_submit(obj=event, by=by)
    return event


@transaction.atomic
def event_update(*, event: Event, by: User | None, themes: Any = None, tags: Any = None) -> Event:
    """The organiser's changes before publication: a draft or refused event goes (back) to review."""
    event_save(event=event, themes=themes, tags=tags)
    if event.status in (Status.DRAFT, Status.REFUSED):
        moderation_submit(obj=event, by=by)
    return event


def event_change_request_submit(
    *, event: Event, changes: dict[str, Any], comment: str, by: User | None
) -> EventChangeRequest | None:
    """Keep the organiser's changes to their published event aside for the moderators (told by e-mail)."""
    if not changes:
        return None
    change_request = EventChangeRequest.objects.create(event=event, changes=changes, comment=comment, submitted_by=by)
    notify_change_request(change_request=change_request)
    return change_request


@transaction.atomic
def event_change_request_apply(
    *, change_request: EventChangeRequest, event: Event, themes: Any, tags: Any, by: User | None
) -> Event:
    """Staff apply the changes: `event` is the event with them (built by EventChangeForm.with_changes),
    saved as every edit is — dates regenerated, subscribed calendars told by a new SEQUENCE."""
    check_pending(change_request)
    event_save(event=event, themes=themes, tags=tags)
    close(change_request, state=EventChangeRequest.State.APPLIED, by=by)
    return event


def event_change_request_refuse(*, change_request: EventChangeRequest, by: User | None, reason: str = "") -> None:
    close(change_request, state=EventChangeRequest.State.REFUSED, by=by, reason=reason)


def event_check_new(*, event: Event) -> None:
    """Validate a new event of a batch (raises ValidationError), without the per-row database checks that
    the batch's own constraints and insert make anyway."""
    event.full_clean(exclude=["slug", *_TRUSTED_REFERENCES], validate_unique=False, validate_constraints=False)


@transaction.atomic
def events_create(
    *, events: list[Event], themes: Any = (), themes_of: Callable[[Any], Iterable[Any]] | None = None
) -> list[Event]:
    """Create many checked events (an import, the demo, the benchmarks) with their themes (the same
    `themes` for all, or `themes_of(event)`), rendered descriptions, occurrences and the partners' moved
    and cancelled dates, in a few queries. Slugs are the caller's (the importer has its own); so are the
    moderation decisions."""
    rendered = {}  # a demo or a partner often gives many events the same text
    for event in events:
        if event.description not in rendered:
            event_render(event=event)
            rendered[event.description] = event.description_html
        event.description_html = rendered[event.description]
    Event.objects.bulk_create(events, batch_size=500)
    links = Event.themes.through
    links.objects.bulk_create(
        [
            links(event_id=event.pk, theme_id=theme.pk)
            for event in events
            for theme in (themes_of(event) if themes_of else themes)
        ],
        batch_size=1000,
    )
    occurrences: list[Occurrence] = []
    for event in events:
        dates = {
            start: Occurrence(event=event, original_start=start, start=start, end=start + event.duration)
            for start in occurrence_starts(event)
        }
        _overridden(event, dates)
        occurrences.extend(dates.values())
    Occurrence.objects.bulk_create(occurrences, batch_size=1000)
    bump_content_version(Occurrence)
    return events
