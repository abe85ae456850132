"""The agenda as iCalendar (RFC 5545): one VEVENT per event, series kept as series.

Stable UID, SEQUENCE that grows with every change, STATUS:CANCELLED, RRULE and EXDATE, times with
the Europe/Paris TZID and its VTIMEZONE; a cancelled or moved date of a series is an override
(RECURRENCE-ID) of its own.

The text is written here rather than through the icalendar library, which takes about a millisecond
an event: a calendar of thousands of events must be served within a second. The tests read it back
with icalendar, which keeps this writer honest; the VTIMEZONE still comes from icalendar.
"""

import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from icalendar.parser import Contentline

from cresol.core.markdown import html_to_text

from .models import Event, Occurrence
from .recurrence import PARIS, ical_rule, local_naive, rule_time_line

PRODID = "-//Cré-sol//Agenda citoyen//FR"


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_NAME = re.compile(r"[A-Z0-9-]+")


def escape(text: str) -> str:
    """TEXT values (RFC 5545 3.3.11): every line break as \\n, other control characters dropped.

    A raw CR or LF would end the content line, and what follows would be read as a property of the
    attacker's choosing (a second VEVENT); the standard allows no control character but tab in TEXT.
    """
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAK.sub("\\\\n", text))


def parameter(text: str) -> str:
    """A parameter value (RFC 5545 3.2): no control character nor double quote may appear; quoted when
    it holds a character that would end it (: ; ,)."""
    value = _CONTROLS.sub(" ", _LINE_BREAK.sub(" ", text)).replace('"', "'")
    return f'"{value}"' if any(mark in value for mark in ":;,") else value


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(encoded[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


def prop(name: str, value: Any, /, *, text: bool = False, **params: str) -> str:
    """One content line, the only way a line of the portal's calendars is written (RFC 5545 3.1).

    `text=True` for TEXT values (summaries, descriptions, places, UIDs: escaped); other values (dates,
    numbers, addresses, rules) are written as they are, less any control character, which no value
    type allows. Parameters are keyword arguments (`tzid="Europe/Paris"`, underscores for dashes), each
    value made safe by `parameter`.
    """
    if not _NAME.fullmatch(name):
        raise ValueError(f"not an iCalendar property name: {name!r}")
    value = escape(str(value)) if text else _CONTROLS.sub("", _LINE_BREAK.sub("", str(value)))
    written = "".join(f";{key.upper().replace('_', '-')}={parameter(str(item))}" for key, item in params.items())
    return fold(f"{name}{written}:{value}")


def rewritten(line: str) -> str:
    """A content line from elsewhere (a partner's rule, icalendar's VTIMEZONE) written again by `prop`:
    its name, parameters and value are kept, nothing else can slip through."""
    name, params, value = Contentline(line).parts()
    parameters: dict[str, Any] = {key.lower().replace("-", "_"): str(item) for key, item in params.items()}
    return prop(name.upper(), value, **parameters)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def paris(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%Y%m%dT%H%M%S")


def _times(lines: Any, event: Any, start: Any, end: Any) -> None:
    if event.all_day:
        lines.append(prop("DTSTART", f"{start.astimezone(PARIS):%Y%m%d}", value="DATE"))
        lines.append(prop("DTEND", f"{(end.astimezone(PARIS) + timedelta(days=1)):%Y%m%d}", value="DATE"))
    else:
        lines.append(prop("DTSTART", paris(start), tzid="Europe/Paris"))
        lines.append(prop("DTEND", paris(end), tzid="Europe/Paris"))


def _rrule(value: dict) -> str:
    parts = []
    for key, item in value.items():
        if key == "UNTIL":
            parts.append(f"UNTIL={utc(item)}")
        elif isinstance(item, list):
            parts.append(f"{key}={','.join(str(v) for v in item)}")
        else:
            parts.append(f"{key}={item}")
    return prop("RRULE", ";".join(parts))


def _location(event: Any) -> str:
    if event.is_on_site:
        parts = [event.venue_name, event.address, event.commune.name if event.commune_id else ""]
        return ", ".join(part for part in parts if part)
    return event.online_url


def _common(event: Any, stamp: str, context: Any) -> list[str]:
    url = context.url(event)
    description = (html_to_text(event.description_html) or event.summary) + f"\n\n{url}"
    lines = [
        prop("UID", event.uid, text=True),
        prop("DTSTAMP", stamp),
        prop("SEQUENCE", event.sequence),
        prop("SUMMARY", event.title, text=True),
        prop("DESCRIPTION", description.strip(), text=True),
        prop("URL", url),
        prop("LAST-MODIFIED", utc(event.updated_at)),
    ]
    location = _location(event)
    if location:
        lines.append(prop("LOCATION", location, text=True))
    if event.point is not None:
        lines.append(prop("GEO", f"{event.point.y:.6f};{event.point.x:.6f}"))
    if event.organiser_label:
        lines.append(prop("ORGANIZER", url, cn=event.organiser_label))
    categories = [escape(name) for name in context.themes[event.pk]]
    if categories:
        lines.append(prop("CATEGORIES", ",".join(categories)))  # each already escaped: the commas part them
    return lines


def event_lines(event: Any, stamp: str, context: Any) -> list[str]:
    """The VEVENT of an event, then one override per cancelled or moved date of its series."""
    lines = [prop("BEGIN", "VEVENT"), *_common(event, stamp, context)]
    if event.recurrence and event.time_zone != "Europe/Paris" and not event.all_day:
        # A partner's rule repeats the wall clock of its own zone: its start is written in that zone.
        lines.extend([rewritten(rule_time_line(event)), rewritten(rule_time_line(event, "DTEND", event.end))])
    else:
        _times(lines, event, event.start, event.end)
    lines.append(prop("STATUS", "CANCELLED" if event.cancelled else "CONFIRMED"))
    rule = ical_rule(event)
    overrides = []
    if event.recurrence:  # as the partner wrote it, re-written by icalendar when imported, and again here
        lines.extend(rewritten(line) for line in event.recurrence.splitlines())
    elif rule:
        lines.append(_rrule(rule))
        clock = local_naive(event.start).time()
        for excluded in event.excluded_dates:
            if event.all_day:
                lines.append(prop("EXDATE", f"{excluded:%Y%m%d}", value="DATE"))
            else:
                lines.append(
                    prop("EXDATE", paris(datetime.combine(excluded, clock, tzinfo=PARIS)), tzid="Europe/Paris")
                )
    if event.recurrence or rule:
        for occurrence in context.exceptions[event.pk]:
            override = [prop("BEGIN", "VEVENT"), *_common(event, stamp, context)]
            if event.all_day:
                override.append(
                    prop("RECURRENCE-ID", f"{occurrence.original_start.astimezone(PARIS):%Y%m%d}", value="DATE")
                )
            else:
                override.append(prop("RECURRENCE-ID", paris(occurrence.original_start), tzid="Europe/Paris"))
            _times(override, event, occurrence.start, occurrence.end)
            cancelled = occurrence.cancelled or event.cancelled
            override.append(prop("STATUS", "CANCELLED" if cancelled else "CONFIRMED"))
            overrides.extend([*override, prop("END", "VEVENT")])
    lines.append(prop("END", "VEVENT"))
    return lines + overrides


@cache
def vtimezone(zone: str = "Europe/Paris") -> list[str]:
    """The zone's VTIMEZONE, from icalendar, each line written again by `prop`."""
    text = icalendar.Timezone.from_tzid(zone).to_ical().decode().replace("\r\n ", "")  # unfolded
    return [rewritten(line) for line in text.strip().split("\r\n")]


class _Context:
    """What every VEVENT needs besides the event, read in three queries for the whole calendar."""

    def __init__(self, events: Any) -> None:
        ids = events.order_by().values("pk")
        self.themes = defaultdict(list)
        links = Event.themes.through.objects.filter(event_id__in=ids).order_by("theme__order", "theme__name")
        for event_id, name in links.values_list("event_id", "theme__name"):
            self.themes[event_id].append(name)
        self.exceptions = defaultdict(list)
        exceptional = Occurrence.objects.filter(Q(cancelled=True) | Q(moved=True), event_id__in=ids)
        for occurrence in exceptional.order_by("original_start"):
            self.exceptions[occurrence.event_id].append(occurrence)
        self._prefix = f"{settings.SITE_URL}{reverse('agenda:detail', args=['x'])[:-2]}"

    def url(self, event: Any) -> str:
        return f"{self._prefix}{event.slug}/"


def _header(name: str) -> list[str]:
    return [
        prop("BEGIN", "VCALENDAR"),
        prop("PRODID", PRODID, text=True),
        prop("VERSION", "2.0"),
        prop("CALSCALE", "GREGORIAN"),
        prop("METHOD", "PUBLISH"),
        prop("X-WR-CALNAME", name, text=True),
        # No X-WR-TIMEZONE: readers that honour it (Google) read a time in UTC as Paris time, which
        # moves a partner's UTC series by an hour in summer. Every time here has its TZID or is UTC.
        prop("REFRESH-INTERVAL", "PT6H", value="DURATION"),
        *vtimezone(),
    ]


def calendar(events: Any, *, name: str) -> bytes:
    """A calendar of the given events (a queryset: themes and exceptional dates are read alongside)."""
    context = _Context(events)
    stamp = utc(timezone.now())
    lines = _header(name)
    # Partners' series that repeat another zone's clock are written in it: its VTIMEZONE goes along.
    zones = events.exclude(time_zone__in=["Europe/Paris", "UTC"]).exclude(recurrence="").order_by()
    for zone in sorted(set(zones.values_list("time_zone", flat=True))):
        lines.extend(vtimezone(zone))
    fields = [
        "slug",
        "title",
        "summary",
        "description_html",
        "start",
        "end",
        "all_day",
        "frequency",
        "interval",
        "weekdays",
        "monthly_mode",
        "until",
        "count",
        "excluded_dates",
        "attendance",
        "online_url",
        "venue_name",
        "address",
        "point",
        "organiser_name",
        "cancelled",
        "sequence",
        "external_uid",
        "updated_at",
        "commune__name",
        "organiser_initiative__name",
        "recurrence",
        "time_zone",
    ]
    seen_uids = set()
    for event in events.select_related("commune", "organiser_initiative").only(*fields):
        # One VEVENT per UID: a calendar application merges or rejects repeated ones (the same partner
        # event imported from two addresses before imports were deduplicated).
        if event.uid in seen_uids:
            continue
        seen_uids.add(event.uid)
        lines.extend(event_lines(event, stamp, context))
    lines.append(prop("END", "VCALENDAR"))
    return ("\r\n".join(lines) + "\r\n").encode()  # each line folded by `prop`


def date_calendar(occurrence: Occurrence) -> bytes:
    """One date of a series as an event of its own (a registrant's, attached to their confirmation): a
    UID of its own, so that a calendar subscribed to the agenda shows the series and this date apart."""
    event = Event.objects.select_related("commune", "organiser_initiative").get(pk=occurrence.event_id)
    context = _Context(Event.objects.filter(pk=event.pk))
    lines = _header(event.title)
    vevent = _common(event, utc(timezone.now()), context)
    vevent[0] = prop("UID", f"{utc(occurrence.original_start)}-{event.uid}", text=True)
    lines.extend([prop("BEGIN", "VEVENT"), *vevent])
    _times(lines, event, occurrence.start, occurrence.end)
    lines.append(prop("STATUS", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED"))
    lines.extend([prop("END", "VEVENT"), prop("END", "VCALENDAR")])
    return ("\r\n".join(lines) + "\r\n").encode()
