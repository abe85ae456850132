"""Recurrence: the rules of the agenda's series, written as iCalendar lines, and their French wording.

A series' DTSTART is written in the zone its rule runs in (Paris for the members' form): a workshop at
10:00 stays at 10:00 after the clocks change (the UTC instant moves, the wall clock does not), and a
partner's rule in UTC or in Montreal time keeps its own clock. Its dates are in agenda/expansion.py.
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone
from django.utils.formats import date_format

PARIS = ZoneInfo("Europe/Paris")
# Dates are stored in a window that rolls with the days (refresh_occurrences, nightly): a year back, for
# the month grids, and a little over a year ahead. Never counted from the first date: a weekly series
# begun in 2015 still has its next dates, and an endless daily one never runs out.
HORIZON = timedelta(days=400)
PAST_WINDOW = timedelta(days=366)
MAX_OCCURRENCES = 1000  # coming dates stored, and as many past ones: a daily series fills 400 and 366
FINISHED_KEPT = 60  # the last dates kept of a series that ended before the window
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ORDINALS = {1: "1er", 2: "2e", 3: "3e", 4: "4e", -1: "dernier"}


def local_naive(moment: datetime) -> datetime:
    return moment.astimezone(PARIS).replace(tzinfo=None)


def weekday_position(day: date) -> int:
    """The rank of this weekday in its month: 1 for the first Tuesday… -1 for a fifth, i.e. the last."""
    position = (day.day - 1) // 7 + 1
    return -1 if position == 5 else position


def window(event: Any, *, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The [first, last] aware starts of the dates stored for a series now."""
    now = now or timezone.now()
    return max(event.start, now - PAST_WINDOW), max(now, event.start) + HORIZON


def rule_lines(event: Any) -> list[str]:
    """The series' RRULE, RDATE and EXDATE lines (RFC 5545): a partner's as written, else the form's."""
    if event.recurrence:
        return event.recurrence.splitlines()
    rule = ical_rule(event)
    if not rule:
        return []
    lines = [icalendar.Event({"RRULE": icalendar.vRecur(rule)}).content_lines()[1]]
    clock = local_naive(event.start).time()
    for day in event.excluded_dates or []:
        if event.all_day:
            lines.append(f"EXDATE;VALUE=DATE:{day:%Y%m%d}")
        else:
            lines.append(f"EXDATE;TZID=Europe/Paris:{datetime.combine(day, clock):%Y%m%dT%H%M%S}")
    return lines


def rule_time_line(event: Any, name: str = "DTSTART", moment: datetime | None = None) -> str:
    """DTSTART (or `name`, of `moment`: the start by default) in the zone the rule runs in: the wall
    clock the rule repeats (RFC 5545 3.8.5.3)."""
    moment = moment or event.start
    if event.all_day:
        return f"{name};VALUE=DATE:{moment.astimezone(PARIS):%Y%m%d}"
    if event.time_zone == "UTC":
        return f"{name}:{moment.astimezone(ZoneInfo('UTC')):%Y%m%dT%H%M%SZ}"
    zone = event.time_zone or "Europe/Paris"
    return f"{name};TZID={zone}:{moment.astimezone(ZoneInfo(zone)):%Y%m%dT%H%M%S}"


def ical_rule(event: Any) -> dict | None:
    """The RRULE value for icalendar, e.g. {"FREQ": "WEEKLY", "BYDAY": ["TU"], "UNTIL": …}."""
    if not event.frequency:
        return None
    first = local_naive(event.start)
    value = {"FREQ": event.frequency}
    if event.interval and event.interval > 1:
        value["INTERVAL"] = event.interval
    if event.frequency == "WEEKLY":
        value["BYDAY"] = [ICAL_DAYS[day] for day in (event.weekdays or [first.weekday()])]
    elif event.frequency == "MONTHLY":
        if event.monthly_mode == "weekday":
            value["BYDAY"] = [f"{weekday_position(first.date())}{ICAL_DAYS[first.weekday()]}"]
        else:
            value["BYMONTHDAY"] = [first.day]
    if event.count:
        value["COUNT"] = event.count
    elif event.until:
        # With a TZID start, UNTIL is given in UTC (RFC 5545 3.3.10).
        value["UNTIL"] = datetime.combine(event.until, time(23, 59, 59), tzinfo=PARIS).astimezone(ZoneInfo("UTC"))
    return value


def describe(event: Any) -> str:
    """The rule in plain French: « toutes les semaines le mardi jusqu'au 30 juin 2027 »."""
    if not event.frequency:
        # A partner's rule the fields cannot say (the last Friday, added dates…): the dates are listed.
        return "à plusieurs dates, selon le calendrier du partenaire" if event.recurrence else ""
    first = local_naive(event.start)
    every = event.interval or 1
    if event.frequency == "DAILY":
        text = "tous les jours" if every == 1 else f"tous les {every} jours"
    elif event.frequency == "WEEKLY":
        days = [DAY_NAMES[day] for day in sorted(event.weekdays or [first.weekday()])]
        listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " et " + days[-1]
        text = ("toutes les semaines" if every == 1 else f"toutes les {every} semaines") + f" le {listed}"
    else:
        text = "tous les mois" if every == 1 else f"tous les {every} mois"
        if event.monthly_mode == "weekday":
            position = weekday_position(first.date())
            text += f" le {ORDINALS[position]} {DAY_NAMES[first.weekday()]}"
        else:
            text += " le 1er" if first.day == 1 else f" le {first.day}"
    if event.count:
        text += f", {event.count} fois"
    elif event.until:
        text += f" jusqu'au {date_format(event.until, 'j F Y')}"
    return text


def french_span(start: datetime, end: datetime, *, all_day: bool = False) -> str:
    """« samedi 12 décembre 2026, de 14 h à 17 h », the way dates are written in French."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    day = date_format(start, "l j F Y")
    if all_day:
        if end.date() > start.date():
            return f"du {day} au {date_format(end, 'l j F Y')}"
        return f"{day}, toute la journée"
    if end.date() != start.date():
        return f"du {day} à {hour(start)} au {date_format(end, 'l j F Y')} à {hour(end)}"
    return f"{day}, de {hour(start)} à {hour(end)}"


def hour(moment: datetime) -> str:
    """« 14 h », « 14 h 30 »."""
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"
