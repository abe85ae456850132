"""Taking the agenda elsewhere: "add to my calendar" links, and what a subscribed calendar is called."""

from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from icalendar import vRecur

from .models import Attendance
from .recurrence import PARIS, ical_rule

CALENDAR_NAME = "Agenda citoyen du Cré-sol"


def place_of(event: Any) -> str:
    """Where the event is, on one line, as a calendar's "location" field wants it."""
    if event.attendance == Attendance.ONLINE:
        return event.online_url
    parts = [event.venue_name, event.address, event.commune.name if event.commune_id else ""]
    return ", ".join(part for part in parts if part)


def _google_rule(event: Any, last_occurrence: Any) -> str:
    """The series' rule for Google's link: RRULE text, with COUNT replaced by the last date stored
    (the link starts from the next date, so a count from the first would run too long)."""
    rule = ical_rule(event)
    if not rule:
        return ""
    if "COUNT" in rule and last_occurrence is not None:
        del rule["COUNT"]
        rule["UNTIL"] = last_occurrence.start.astimezone(ZoneInfo("UTC"))
    return "RRULE:" + vRecur(rule).to_ical().decode()


def web_calendar_links(event: Any, occurrence: Any, last_occurrence: Any = None) -> list[tuple[str, str]]:
    """ "Ajouter à mon agenda" for web calendars that take a link: Google (the whole series, with its
    place) and Outlook (one date: its link cannot carry a rule). The .ics file carries everything."""
    if occurrence is None:
        return []
    start, end = occurrence.start.astimezone(PARIS), occurrence.end.astimezone(PARIS)
    place = place_of(event)
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "ctz": "Europe/Paris",
        "dates": f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}",
        "details": event.summary,
        "location": place,
    }
    if event.all_day:
        google["dates"] = f"{start:%Y%m%d}/{(end.date() if end.date() > start.date() else start.date()):%Y%m%d}"
    recurrence = _google_rule(event, last_occurrence) if event.is_recurring else ""
    if recurrence:
        google["recur"] = recurrence
    outlook = {
        "subject": event.title,
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "body": event.summary,
        "location": place,
    }
    outlook_label = "Outlook (cette date)" if event.is_recurring else "Outlook"
    return [
        ("Google Agenda", "https://calendar.google.com/calendar/render?" + urlencode(google)),
        (outlook_label, "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook)),
    ]


def calendar_name(filterset: Any) -> str:
    """What a subscribed calendar is called in the person's application: the filters it was made
    with, so that two subscriptions ("Mobilité", "Indre-et-Loire") can be told apart."""
    if not filterset.is_bound or not filterset.is_valid():
        return CALENDAR_NAME
    data, form = filterset.form.cleaned_data, filterset.form
    parts = []
    if data.get("q"):
        parts.append(f"« {data['q'].strip()} »")
    parts += [theme.name for theme in data.get("theme") or []]
    kinds = dict(form.fields["type"].choices)
    parts += [str(kinds[kind]) for kind in data.get("type") or []]
    for name in ("departement", "epci"):
        if data.get(name):
            parts.append(data[name].name)
    if data.get("commune"):
        parts.append(data["commune"].strip())
    if data.get("mode"):
        parts.append(str(dict(form.fields["mode"].choices)[data["mode"]]).lower())
    if data.get("gratuit"):
        parts.append("gratuit ou prix libre")
    return f"{CALENDAR_NAME} — {' · '.join(parts)}" if parts else CALENDAR_NAME
