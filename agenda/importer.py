"""Importing partners' iCalendar feeds (`manage.py import_ical`, or "Importer maintenant" in the admin).

Idempotent by source and UID (a database constraint), updates and cancellations carried over, series
kept as series (RRULE and EXDATE into the agenda's own rule, RECURRENCE-ID overrides onto its dates).
A broken source is recorded on the source, with backoff in its failure count, and never stops the others.
"""

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from cresol.core.fetch import FetchError, fetch
from cresol.core.services import fetch_failed, fetch_succeeded
from cresol.core.validators import single_line
from cresol.core.wording import count_of
from cresol.moderation.models import Action, Status
from cresol.moderation.notifications import notify_batch_submitted
from cresol.moderation.services import moderation_decide_new
from cresol.territories.geometry import WGS84
from cresol.territories.models import Commune
from cresol.territories.search import normalize

from . import services, zones
from .expansion import too_dense
from .models import Attendance, Event, EventMerge, ImportSource, Price
from .recurrence import ICAL_DAYS, MAX_OCCURRENCES, PARIS, weekday_position

logger = logging.getLogger(__name__)
MAX_FEED_BYTES = 5 * 1024 * 1024
POSTAL_CODE = re.compile(r"\b(\d{5})\b")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0  # events the partner took off their calendar, cancelled here
    error: str = ""
    notes: list[str] = field(default_factory=list)
    pending: list = field(default_factory=list)  # new events that wait for review

    def __str__(self) -> str:
        if self.error:
            return f"échec : {self.error}"
        return ", ".join(
            [
                count_of(self.created, "événement créé", "événements créés"),
                f"{self.updated} mis à jour",
                count_of(self.unchanged, "inchangé", "inchangés"),
                count_of(self.skipped, "ignoré", "ignorés"),
                count_of(self.removed, "retiré par le partenaire", "retirés par le partenaire"),
            ]
        )


def _aware(value: Any) -> tuple[datetime, bool]:
    """An iCalendar date or date-time as an aware datetime, and whether it was a whole day."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=PARIS)), False
    return datetime.combine(value, time.min, tzinfo=PARIS), True


def _rule(vevent: Any) -> dict | None:
    """The form's fields for the source's rule when they say exactly the same thing, else None.

    They only describe the series (its page reads « tous les mois le 2e mardi »); the dates come from
    the rule as written (Event.recurrence). A rule they would bend (the last Friday read as the 4th,
    the 1st and the 15th as the 1st, added dates) is described as « à plusieurs dates » instead.
    """
    rrule = vevent.get("rrule")
    if not rrule:
        return {}
    if vevent.get("rdate") or isinstance(rrule, list):  # added dates, or several rules: their dates add up
        return None
    freq = (rrule.get("FREQ") or [""])[0]
    if freq not in ("DAILY", "WEEKLY", "MONTHLY") or set(rrule) - RULE_PARTS_DESCRIBED:
        return None
    first = _aware(vevent.decoded("dtstart"))[0].astimezone(PARIS)
    days = _days_described(freq, rrule, first)
    if days is None:
        return None
    values = {"frequency": freq, "interval": int((rrule.get("INTERVAL") or [1])[0]), **days}
    if rrule.get("COUNT"):
        values["count"] = min(int(rrule["COUNT"][0]), 32767)  # the field's bound; the window does the rest
    if rrule.get("UNTIL"):
        values["until"] = _last_day(rrule["UNTIL"][0], vevent.decoded("dtstart"))
    return values


RULE_PARTS_DESCRIBED = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}


def _days_described(freq: str, rrule: Any, first: datetime) -> dict | None:
    """The form's weekdays and monthly mode for the rule's BYDAY and BYMONTHDAY, or None when the form
    cannot say the same (several days of the month, a position other than the first date's)."""
    days = [str(day) for day in rrule.get("BYDAY", [])]
    month_days = [int(day) for day in rrule.get("BYMONTHDAY", [])]
    if month_days and (freq != "MONTHLY" or days or month_days != [first.day]):
        return None
    if freq == "WEEKLY":
        if any(not day.isalpha() for day in days):
            return None
        return {"weekdays": sorted(ICAL_DAYS.index(day) for day in days), "monthly_mode": ""}
    if freq == "MONTHLY":
        if not days:
            return {"weekdays": [], "monthly_mode": "date"}
        expected = f"{weekday_position(first.date())}{ICAL_DAYS[first.weekday()]}"
        return {"weekdays": [], "monthly_mode": "weekday"} if days in ([expected], [f"+{expected}"]) else None
    return None if days else {"weekdays": [], "monthly_mode": ""}


def _last_day(until: Any, dtstart: Any):
    """The last date a series may have, from an UNTIL that may be an instant (often in UTC).

    The agenda stores a date: with UNTIL at 17:00 UTC and the series at 18:00 Paris, that day's date is
    after UNTIL and must not count, so the last day is the day before.
    """
    if not isinstance(until, datetime):
        return until
    until_local = until.astimezone(PARIS) if until.tzinfo else until.replace(tzinfo=PARIS)
    start_local, all_day = _aware(dtstart)
    start_local = start_local.astimezone(PARIS)
    if not all_day and until_local.time() < start_local.time():
        return until_local.date() - timedelta(days=1)
    return until_local.date()


@lru_cache(maxsize=2048)  # emptied at the start of each import: communes never change during one
def _commune(location: str):
    match = POSTAL_CODE.search(location)
    if match:
        commune = Commune.objects.filter(postal_codes__contains=[match.group(1)]).order_by("-population").first()
        if commune:
            return commune
    # Else the last part of the address that is exactly the name of a commune of the region.
    for part in reversed([p.strip() for p in location.split(",") if p.strip()]):
        name = normalize(POSTAL_CODE.sub("", part))
        if name:
            commune = Commune.objects.filter(search_name=name).order_by("-population").first()
            if commune:
                return commune
    return None


def _fingerprint(master: Any, overrides: Any) -> str:
    digest = hashlib.sha256(master.to_ical())
    for override in overrides:
        digest.update(override.to_ical())
    return digest.hexdigest()


def _rule_text(vevent: Any) -> str:
    """The VEVENT's RRULE, RDATE and EXDATE lines, re-written by icalendar from what it parsed (so that
    nothing but those properties, well formed, is kept)."""
    kept = icalendar.Event()
    for name in ("RRULE", "RDATE", "EXDATE"):
        if name in vevent:
            kept[name] = vevent[name]
    return "\n".join(str(line) for line in kept.content_lines()[1:] if line and line != "END:VEVENT")


def _zone(moment: Any, notes: list[str]) -> str:
    """The time zone a DTSTART is written in: its rule repeats that zone's wall clock. A zone the file
    defines itself (TZID=US-Eastern and its VTIMEZONE) is named by the IANA zone that keeps its clock."""
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        return "Europe/Paris"  # a date, or a floating time: the region's
    key = getattr(moment.tzinfo, "key", None) or ""
    if key in ("UTC", "Etc/UTC", "utc") or moment.utcoffset() == timedelta(0) and moment.tzname() in ("UTC", "Z"):
        return "UTC"
    try:
        ZoneInfo(key)
    except (ValueError, ZoneInfoNotFoundError):
        key = ""
    if key:
        return key
    name = str(getattr(moment.tzinfo, "_tzid", "") or moment.tzname() or "?")
    equivalent = zones.equivalent_zone(moment.tzinfo, around=moment)
    if equivalent is None:
        notes.append(f"fuseau « {single_line(name)[:60]} » sans équivalent connu : heures lues comme à Paris")
        return "Europe/Paris"
    return equivalent


def _override(component: Any) -> dict | None:
    """A date of the series the partner moved or cancelled (RECURRENCE-ID), as the event keeps it."""
    original, _ = _aware(component.decoded("recurrence-id"))
    if str(component.get("status") or "").upper() == "CANCELLED":
        return {"original": original.isoformat(), "cancelled": True}
    if not component.get("dtstart"):
        return None
    start, _ = _aware(component.decoded("dtstart"))
    end = _aware(component.decoded("dtend"))[0].isoformat() if component.get("dtend") else None
    return {"original": original.isoformat(), "cancelled": False, "start": start.isoformat(), "end": end}


def _fill(event: Event, vevent: Any, source: ImportSource, rule: dict, overrides: Any, notes: list[str]) -> None:
    """The event's fields from the partner's VEVENT: what, when, where and how it repeats."""
    # Titles and places are single lines here (e-mail subjects, .ics lines); partners' may not be.
    event.title = single_line(str(vevent.get("summary") or ""))[:150] or "Sans titre"
    event.description = str(vevent.get("description") or "")[:20_000]
    url = str(vevent.get("url") or "")
    event.registration_url = url[:500] if url.startswith(("http://", "https://")) else ""
    event.organiser_name = event.organiser_name or single_line(source.name)[:150]
    event.cancelled = str(vevent.get("status") or "").upper() == "CANCELLED"
    _fill_when(event, vevent, notes)
    _fill_where(event, vevent)
    event.recurrence = _rule_text(vevent) if (vevent.get("rrule") or vevent.get("rdate")) else ""
    event.partner_overrides = [found for found in map(_override, overrides) if found]
    event.frequency = rule.get("frequency", "")
    event.interval = rule.get("interval", 1)
    event.weekdays = rule.get("weekdays", [])
    event.monthly_mode = rule.get("monthly_mode", "")
    event.until, event.count = rule.get("until"), rule.get("count")
    event.excluded_dates = _excluded_dates(vevent)


def _fill_when(event: Event, vevent: Any, notes: list[str]) -> None:
    start, all_day = _aware(vevent.decoded("dtstart"))
    event.time_zone = _zone(vevent.decoded("dtstart"), notes)
    if vevent.get("dtend"):
        end, _ = _aware(vevent.decoded("dtend"))
        if all_day:
            end -= timedelta(minutes=1)
    elif vevent.get("duration"):
        end = start + vevent.decoded("duration")
    else:
        end = start + (timedelta(hours=23, minutes=59) if all_day else timedelta(hours=2))
    event.start, event.end, event.all_day = start, max(end, start), all_day


def _fill_where(event: Event, vevent: Any) -> None:
    """A LOCATION that is an address makes the event on site (its commune found when named), a web
    address online; GEO, else the commune's centre, places it on the map."""
    location = single_line(str(vevent.get("location") or ""))
    if location.startswith(("http://", "https://")):
        event.attendance, event.online_url = Attendance.ONLINE, location[:500]
    else:
        event.attendance = Attendance.ON_SITE
        event.address = location[:255]
        event.commune = _commune(location) if location else None
    if vevent.get("geo"):
        geo = vevent.get("geo")
        event.point = Point(float(geo.longitude), float(geo.latitude), srid=WGS84)
    elif event.commune:
        event.point = event.commune.point


def _excluded_dates(vevent: Any) -> list[date]:
    entries = vevent.get("exdate") or []
    exdates = []
    for entry in entries if isinstance(entries, list) else [entries]:
        for value in entry.dts:
            moment = value.dt
            exdates.append(moment.astimezone(PARIS).date() if isinstance(moment, datetime) else moment)
    return sorted(set(exdates))


@dataclass
class _Known:
    """What the database already holds for this feed's UIDs, read in two queries for the whole import."""

    mine: dict  # UID → this source's Event
    elsewhere: dict  # UID → (event id, the name of another source that imported it)
    themes: list  # the source's themes, given to its new events

    @classmethod
    def read(cls, source: ImportSource, uids: Any) -> "_Known":
        mine = {event.external_uid: event for event in Event.objects.filter(source=source).exclude(external_uid="")}
        others = Event.objects.filter(external_uid__in=list(uids)).exclude(source=source).order_by("pk")
        # An event its source dropped (cancelled, fingerprint forgotten) is taken over by this source,
        # which still lists it: see services.event_take_over.
        dropped = others.filter(cancelled=True, external_fingerprint="", source__isnull=False)
        for event in dropped:
            if event.external_uid not in mine:
                mine[event.external_uid] = services.event_take_over(event=event, source=source)
        # Read after the takeovers: those are this source's now, out of `others`.
        elsewhere = {
            uid: (pk, name or "le portail")
            for pk, uid, name in others.values_list("pk", "external_uid", "source__name")
        }
        # This calendar's events a moderator merged into another: not created again.
        merged = EventMerge.objects.filter(merged_source=source, merged_uid__in=list(uids))
        for uid, kept_id in merged.values_list("merged_uid", "kept_id"):
            elsewhere.setdefault(uid, (kept_id, f"la fusion avec l'événement n° {kept_id}"))
        return cls(mine=mine, elsewhere=elsewhere, themes=list(source.themes.all()))


@dataclass
class _NewEvents:
    """New events of an import, checked one by one and created together (see _create_new)."""

    events: list = field(default_factory=list)
    slugs: set = field(default_factory=set)


def _import_event(
    source: ImportSource, uid: str, master: Any, overrides: Any, report: ImportReport, known: _Known, new: _NewEvents
) -> None:
    # The form's fields describe the rule when they can; the rule itself is kept as written (below).
    rule = _rule(master) or {}
    fingerprint = _fingerprint(master, overrides)
    found: Event | None = known.mine.get(uid)
    if found is not None and found.external_fingerprint == fingerprint:
        report.unchanged += 1
        return
    created = found is None
    if found is None:
        if uid in known.elsewhere:  # the same event published by two partners: listed once
            report.notes.append(f"{uid} : déjà importé depuis « {known.elsewhere[uid][1]} », non repris")
            report.skipped += 1
            return
        event = Event(
            source=source, external_uid=uid, submitted_by=source.imported_by, status=Status.DRAFT, price=Price.UNKNOWN
        )
    else:
        event = found
        # The partner's overrides are applied afresh: a date moved back or cancelled no more is restored.
        services.event_partner_dates_reset(event=event)
    _fill(event, master, source, rule, overrides, report.notes)
    if too_dense(event):
        raise ValidationError(
            "répétitions trop serrées pour être comptées (un COUNT à la minute ou à la seconde) : non reprises"
        )
    event.external_fingerprint = fingerprint
    if created:
        event.slug = services.unique_slug(f"{event.title} {slugify(source.name)}"[:140], also_taken=new.slugs)
        services.event_check_new(event=event)  # a ValidationError skips this event only, with a note
        new.slugs.add(event.slug)
        new.events.append(event)
        return
    services.event_save(event=event, themes=None)
    report.updated += 1


def _create_one_by_one(source: ImportSource, new: _NewEvents, report: ImportReport, known: _Known) -> None:
    for event in new.events:
        event.pk = None  # what a failed batch may have left
        try:
            _create_new(source, _NewEvents(events=[event]), report, known)
        except Exception as error:
            report.skipped += 1
            report.notes.append(f"{event.external_uid} : ignoré ({_reason(error)})")


def _create_new(source: ImportSource, new: _NewEvents, report: ImportReport, known: _Known) -> None:
    """Create the import's new events together (a Google export holds thousands: one by one, each cost
    about 40 queries), with their partner's moved and cancelled dates, then the moderation decision,
    logged for each."""
    if not new.events:
        return
    with transaction.atomic():
        services.events_create(events=new.events, themes=known.themes)
        # Through the moderation service, as every content: each decision is in the audit log.
        action = Action.PUBLISH if source.trusted else Action.SUBMIT
        moderation_decide_new(objs=new.events, action=action, by=source.imported_by)
    if not source.trusted:
        report.pending.extend(new.events)
    report.created += len(new.events)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")


def _components(calendar: Any, report: ImportReport) -> tuple[dict, dict]:
    """The calendar's main VEVENTs by UID, and their moved or cancelled dates (RECURRENCE-ID) by UID.

    A UID is an identifier, kept as written, but a control character in it (a line break unescaped
    from `\\n`) would end an iCalendar line wherever it is written again: replaced by a space, noted."""
    masters: dict[str, Any] = {}
    overrides: dict[str, list[Any]] = {}
    for component in calendar.walk("VEVENT"):
        written = str(component.get("uid") or "").strip()
        uid = " ".join(_CONTROLS.sub(" ", written).split())[:500]
        if uid != written[:500]:
            report.notes.append(f"{uid} : UID aux caractères de contrôle, remplacés par des espaces")
        if not uid or not component.get("dtstart"):
            report.skipped += 1
            summary = single_line(str(component.get("summary") or ""))[:80]
            report.notes.append(f"« {summary} » ignoré : sans {'UID' if not uid else 'date de début'}")
        elif component.get("recurrence-id"):
            overrides.setdefault(uid, []).append(component)
        elif uid in masters:  # RFC 5545 allows one; recurring_ical_events would keep the later one silently
            report.skipped += 1
            report.notes.append(f"{uid} : un second VEVENT principal porte cet UID, seul le premier est repris")
        else:
            masters[uid] = component
    return masters, overrides


def import_source(source: ImportSource) -> ImportReport:
    """Fetch one source and bring its events up to date. Never raises: the report says what happened."""
    report = ImportReport()
    try:
        result = fetch(
            source.url,
            etag=source.etag,
            last_modified=source.last_modified,
            max_bytes=MAX_FEED_BYTES,
            accept="text/calendar, */*;q=0.5",
        )
        if result.not_modified:
            fetch_succeeded(source, status="inchangé (304)")
            return report
        try:
            calendar = icalendar.Calendar.from_ical(result.content)
        except (ValueError, KeyError, IndexError) as error:
            raise FetchError("ce n'est pas un calendrier iCalendar lisible") from error
        masters, overrides = _components(calendar, report)
        known = _Known.read(source, masters)
        _commune.cache_clear()
        new = _NewEvents()
        for uid, master in masters.items():
            try:
                with transaction.atomic():
                    _import_event(source, uid, master, overrides.get(uid, []), report, known, new)
            except Exception as error:  # one bad event never stops the others
                logger.warning("Event %s of source %s skipped: %s", uid, source.pk, error)
                report.skipped += 1
                report.notes.append(f"{uid} : ignoré ({_reason(error)})")
        try:
            _create_new(source, new, report, known)
        except Exception:  # the batch failed as a whole: each event alone, so that one cannot stop the others
            logger.exception("Batch of new events of source %s failed; creating them one by one", source.pk)
            _create_one_by_one(source, new, report, known)
        services.import_source_shared_events(source=source, event_ids=[pk for pk, _ in known.elsewhere.values()])
        _cancel_removed(source, seen=set(masters), report=report)
        _note_cut_series(source, report)
    except FetchError as error:
        report.error = str(error)
    # One e-mail for the whole import rather than one per event.
    notify_batch_submitted(objects=report.pending, origin=source.name)
    if report.error:
        fetch_failed(source, report.error)
    else:
        fetch_succeeded(
            source, status=str(report), etag=result.etag, last_modified=result.last_modified, notes=report.notes
        )
    return report


def _note_cut_series(source: ImportSource, report: ImportReport) -> None:
    """Say which series keep only their next MAX_OCCURRENCES dates (an hourly one lasting years)."""
    cut = (
        Event.objects.filter(source=source)
        .filter(occurrences__start__gte=timezone.now())
        .annotate(coming=Count("occurrences"))
        .filter(coming__gte=MAX_OCCURRENCES)
    )
    for uid in cut.values_list("external_uid", flat=True):
        report.notes.append(f"{uid} : série très fréquente, seules ses {MAX_OCCURRENCES} prochaines dates sont gardées")


def _cancel_removed(source: ImportSource, *, seen: set[str], report: ImportReport) -> None:
    """An import mirrors the feed: an event the partner removed is cancelled here (it stays listed as
    such, so that people who planned to go learn it). It comes back if the partner puts it back. An
    event another partner's calendar lists too passes to that source instead, still published."""
    gone = Event.objects.filter(source=source, cancelled=False).exclude(external_uid__in=seen)
    if not seen and gone.exists():
        report.notes.append("le calendrier ne contient aucun événement : rien n'est annulé (erreur du partenaire ?)")
        return
    for event in gone.prefetch_related("also_in_sources"):
        other = min(event.also_in_sources.all(), key=lambda candidate: candidate.pk, default=None)
        if other is not None:
            services.event_take_over(event=event, source=other)
            report.notes.append(f"{event.external_uid} : retiré de ce calendrier, toujours publié par « {other.name} »")
            continue
        services.event_withdrawn_by_partner(event=event)
        report.removed += 1


def _reason(error: Exception) -> str:
    """Why an event was skipped, in the words a moderator can act on."""
    if isinstance(error, ValidationError):
        return (
            "; ".join(f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items())
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
    return f"erreur {error.__class__.__name__}"


def due_sources(now: Any = None) -> QuerySet[ImportSource]:
    """Active sources, those that keep failing waiting their backoff (1 h, 2 h, 4 h… up to a day)."""
    return ImportSource.due(now).order_by("pk")
