"""The agenda as iCalendar (RFC 5545): one VEVENT per event, series kept as series.

Stable UID, SEQUENCE that grows with every change, STATUS:CANCELLED, RRULE and EXDATE, times with
the Europe/Paris TZID and its VTIMEZONE; a cancelled or moved date of a series is an override
(RECURRENCE-ID) of its own.
"""

from datetime import datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from .recurrence import PARIS, ical_rule, local_naive

PRODID = "-//Cré-sol//Agenda citoyen//FR"


def _location(event) -> str:
    parts = [event.venue_name, event.address, event.commune.name if event.commune_id else ""]
    return ", ".join(part for part in parts if part)


def _description(event) -> str:
    text = strip_tags(event.description_html).strip() or event.summary
    return f"{text}\n\n{settings.SITE_URL}{event.get_absolute_url()}".strip()


def _times(component, event, start, end):
    if event.all_day:
        component.add("dtstart", start.astimezone(PARIS).date())
        component.add("dtend", (end.astimezone(PARIS) + timedelta(days=1)).date())
    else:
        component.add("dtstart", start.astimezone(PARIS))
        component.add("dtend", end.astimezone(PARIS))


def _base(event, stamp) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    vevent.add("description", _description(event))
    vevent.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
    vevent.add("last-modified", event.updated_at)
    if event.is_on_site and _location(event):
        vevent.add("location", _location(event))
    elif event.online_url:
        vevent.add("location", event.online_url)
    point = event.point
    if point is not None:
        vevent.add("geo", (round(point.y, 6), round(point.x, 6)))
    if event.organiser_label:
        vevent.add(
            "organizer", f"{settings.SITE_URL}{event.get_absolute_url()}", parameters={"CN": event.organiser_label}
        )
    categories = [theme.name for theme in event.themes.all()]
    if categories:
        vevent.add("categories", categories)
    return vevent


def event_components(event, stamp) -> list[icalendar.Event]:
    """The VEVENT of an event, then one override per cancelled or moved date of its series."""
    master = _base(event, stamp)
    _times(master, event, event.start, event.end)
    master.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    rule = ical_rule(event)
    components = [master]
    if rule:
        master.add("rrule", rule)
        for excluded in event.excluded_dates:
            start = local_naive(event.start)
            master.add("exdate", datetime.combine(excluded, start.time(), tzinfo=PARIS))
        for occurrence in event.occurrences.all():
            if not (occurrence.cancelled or occurrence.moved):
                continue
            override = _base(event, stamp)
            override.add("recurrence-id", occurrence.original_start.astimezone(PARIS))
            _times(override, event, occurrence.start, occurrence.end)
            override.add("status", "CANCELLED" if occurrence.cancelled or event.cancelled else "CONFIRMED")
            components.append(override)
    return components


def calendar(events, *, name: str) -> bytes:
    """A calendar of the given events (with themes and occurrences prefetched)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    for event in events:
        for component in event_components(event, stamp):
            cal.add_component(component)
    cal.add_component(icalendar.Timezone.from_tzid("Europe/Paris"))
    return cal.to_ical()
