"""The dates of a series, computed by recurring_ical_events within bounds whatever the rule.

recurring_ical_events (the maintained expander of icalendar rules: every RRULE part, RDATE, EXDATE, time
zones) relies on dateutil, which counts every date from the series' first one and, asked for a span,
looks for the next date past it however far. A partner's calendar can make either endless: a
FREQ=MINUTELY series begun in 2007 was 10 million dates to count (5.5 minutes, 3.5 GB), the 30th of
February asked daily had dateutil count days up to the year 9999. So, before dateutil is asked:

- a series whose periods have a fixed length starts again from a moment just before the span
  (`_moved_start`): the same dates, none counted before;
- each RRULE ends with the span (UNTIL), and the dates are read span by span until the quota is met;
- a rule whose date filters (BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO) allow no day gives no date; one
  of a day or less whose days are rare is first read a year at a time for its days (`_allowed_days`),
  then day by day without those filters;
- a counted series that would still take minutes is refused (`too_dense`).
"""

import math
import warnings
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from dateutil.rrule import rrulestr
from django.utils import timezone
from icalendar.parser import Contentline

from .recurrence import FINISHED_KEPT, MAX_OCCURRENCES, PARIS, ical_rule, rule_lines, rule_time_line, window

UTC = ZoneInfo("UTC")
_DAY = 86400
# Frequencies whose period is a fixed number of seconds of wall clock.
_PERIOD_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": _DAY, "WEEKLY": 7 * _DAY}
_DATE_FILTERS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
# A series counted (COUNT) is counted from its first date: past this many dates of less than a day
# apart, it is refused rather than expanded (the importer notes it).
MAX_COUNTED_DENSE = 5_000


def _first(rule: Any, part: str, default: Any):
    values = rule.get(part) or [default]
    return values[0] if isinstance(values, list) else values


def _frequency(rule: Any) -> str:
    return str(_first(rule, "FREQ", "")).upper()


def _zone(event: Any) -> ZoneInfo:
    return PARIS if event.all_day else ZoneInfo(event.time_zone or "Europe/Paris")


def rules_of(event: Any) -> list:
    """The series' RRULEs, parsed (a partner may write several: their dates add up)."""
    if not event.recurrence:
        rule = ical_rule(event)
        return [icalendar.vRecur(rule)] if rule else []
    rules = []
    for line in event.recurrence.splitlines():
        name, _params, value = Contentline(line).parts()
        if name.upper() == "RRULE":
            rules.append(icalendar.vRecur.from_ical(value))
    return rules


def _other_lines(event: Any) -> list[str]:
    """RDATE and EXDATE lines."""
    return [line for line in rule_lines(event) if Contentline(line).parts()[0].upper() != "RRULE"]


def _step(rule: Any) -> int:
    """Seconds between two periods of the rule (a month counts 28 days, a year 365)."""
    fallback = 365 * _DAY if _frequency(rule) == "YEARLY" else 28 * _DAY
    return _PERIOD_SECONDS.get(_frequency(rule), fallback) * int(_first(rule, "INTERVAL", 1))


def _cycle(rules: Any) -> int | None:
    """Seconds by which the series' start can move without changing its dates: a whole number of every
    rule's periods (dateutil steps the wall clock by the period from the start, and filters such as
    BYDAY or BYHOUR read each date's own fields). None when no move keeps the dates: COUNT counts from
    the first date, MONTHLY and YEARLY periods have no fixed length, BYSETPOS picks within a period."""
    cycle = 1
    for rule in rules:
        if "COUNT" in rule or "BYSETPOS" in rule or _frequency(rule) not in _PERIOD_SECONDS:
            return None
        cycle = math.lcm(cycle, _step(rule))
    return cycle if rules else None


def _filters_text(rule: Any) -> str | None:
    """A yearly rule of the rule's date filters: the days they allow (BYDAY when its days are plain
    weekdays; a MONTHLY rule's "last Friday" is left out, which only allows more days)."""
    filters = {part: rule[part] for part in _DATE_FILTERS if rule.get(part)}
    if not filters:
        return None
    days = [str(day) for day in rule.get("BYDAY") or []]
    if days and all(day.isalpha() for day in days):
        filters["BYDAY"] = days
    return icalendar.vRecur({"FREQ": "YEARLY", **filters}).to_ical().decode()


@lru_cache(maxsize=256)
def _yearly_days(filters_text: str, first: date, last: date) -> tuple[date, ...]:
    """The days in [first, last] a yearly rule gives, read a year at a time. A rule with no day at all
    still has dateutil try every year up to 9999: 0.2 s, hence the cache."""
    rule = rrulestr(filters_text, dtstart=datetime(first.year, 1, 1), cache=False)
    found = rule.between(datetime.combine(first, time.min), datetime.combine(last, time.max), inc=True)
    return tuple(moment.date() for moment in found)


def _impossible(rule: Any) -> bool:
    """Date filters that allow no day at all (the 30th of February): the rule gives no date, and
    dateutil, asked, would look for one up to the year 9999. 28 years (2000 to 2027, leap years and
    all) hold every weekday of every date."""
    text = _filters_text(rule)
    return text is not None and not _yearly_days(text, date(2000, 1, 1), date(2027, 12, 31))


def too_dense(event: Any) -> bool:
    """A counted series (COUNT cannot be moved: it is counted date by date from the first) that would take
    dateutil minutes: more than MAX_COUNTED_DENSE dates less than a day apart, or dates by the minute or
    the second whose date filters leave days out (each day left out costs dateutil its every minute).
    Refused rather than expanded; the importer says so."""
    for rule in rules_of(event):
        if "COUNT" not in rule:
            continue
        if _step(rule) < _DAY and int(_first(rule, "COUNT", 0)) > MAX_COUNTED_DENSE:
            return True
        if _frequency(rule) in ("SECONDLY", "MINUTELY") and _filters_text(rule):
            return True
    return False


def _moved_start(event: Any, rules: Any, first: datetime) -> datetime:
    """The series' start, moved forward by whole cycles to at least a cycle before `first`: the same dates
    from there on, reached without counting the ones before. The moved start itself, which the standard
    counts as a date whatever the rule, stays before `first` and is left out."""
    cycle = _cycle(rules)
    if cycle is None or event.start >= first:
        return event.start
    zone = _zone(event)
    local = event.start.astimezone(zone).replace(tzinfo=None)
    target = first.astimezone(zone).replace(tzinfo=None)
    cycles = int((target - local).total_seconds() // cycle) - 1
    if cycles <= 0:
        return event.start
    return (local + timedelta(seconds=cycles * cycle)).replace(tzinfo=zone)


def _ending_by(rule: Any, event: Any, bound: datetime) -> str:
    """The RRULE line, ending by `bound` at the latest: dateutil stops there rather than looking further."""
    rule = icalendar.vRecur(rule)
    until = bound
    if rule.get("UNTIL"):
        written = _first(rule, "UNTIL", None)
        if not isinstance(written, datetime):  # a date: its whole day counts
            written = datetime.combine(written, time.max, tzinfo=PARIS)
        until = min(written if written.tzinfo else written.replace(tzinfo=_zone(event)), bound)
    # A date series ends on a date; a timed one in UTC (RFC 5545 3.3.10).
    rule["UNTIL"] = [until.astimezone(PARIS).date() if event.all_day else until.astimezone(UTC)]
    return f"RRULE:{rule.to_ical().decode()}"


def _expanded(event: Any, rules: Any, first: datetime, last: datetime, *, other_lines: bool = True) -> list[datetime]:
    """The series' starts in [first, last), by `rules` (and its RDATE and EXDATE lines), aware."""
    # A whole day's margin for all-day series (floating days read in Paris); none for the others, which
    # may give 86,400 dates a day.
    margin = timedelta(days=1) if event.all_day else timedelta(0)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Cré-sol//Agenda//FR",
        "BEGIN:VEVENT",
        "UID:serie",
        rule_time_line(event, moment=_moved_start(event, rules, first)),
        *(_ending_by(rule, event, last + margin) for rule in rules),
        *(_other_lines(event) if other_lines else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    calendar = icalendar.Calendar.from_ical("\r\n".join(lines))
    with warnings.catch_warnings():
        # A COUNT with the UNTIL above: dateutil stops at whichever comes first, as wanted, and warns that
        # RFC 5545 forbids writing both (this rule is only ever written here).
        warnings.filterwarnings("ignore", "Using both 'count' and 'until'", DeprecationWarning)
        # The series' occurrences themselves, not a VEVENT copied for each (six times slower).
        occurrences = [
            o
            for series in recurring_ical_events.of(calendar).series
            for o in series.between(first - margin, last + margin)
        ]
    starts = []
    for occurrence in occurrences:
        start = occurrence.start
        if not isinstance(start, datetime):
            start = datetime.combine(start, time.min, tzinfo=PARIS)
        elif start.tzinfo is None:
            start = start.replace(tzinfo=PARIS)
        if first <= start < last:
            starts.append(start.astimezone(PARIS))
    return sorted(starts)


def _allowed_days(event: Any, rules: Any, first: datetime, last: datetime) -> list[date] | None:
    """The days in [first, last) that a lone rule of a day or less allows by its date filters (for a
    rule whose days may be rare); None for any other series."""
    if len(rules) != 1 or any(line.upper().startswith("RDATE") for line in _other_lines(event)):
        return None
    rule = rules[0]
    text = _filters_text(rule)
    # A COUNT counts the dates the filters allow, from the first: it cannot be read day by day.
    if text is None or _frequency(rule) not in _PERIOD_SECONDS or "COUNT" in rule:
        return None
    zone = _zone(event)
    return list(_yearly_days(text, first.astimezone(zone).date(), last.astimezone(zone).date()))


def _by_days(event: Any, rule: Any, days: list[date], first: datetime, last: datetime, *, limit: int, latest: bool):
    """Dates of the allowed days, day by day, by the rule without its date filters (the day has them)."""
    plain = icalendar.vRecur({part: value for part, value in rule.items() if part not in _DATE_FILTERS})
    zone, found = _zone(event), list[datetime]()
    for day in reversed(days) if latest else days:
        start = max(first, datetime.combine(day, time.min, tzinfo=zone))
        end = min(last, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone))
        dates = _expanded(event, [plain], start, end, other_lines=False)
        found = dates + found if latest else found + dates
        if len(found) >= limit:
            break
    return found[-limit:] if latest else found[:limit]


def _spans(first: datetime, last: datetime, length: timedelta, *, backwards: bool) -> Iterator[tuple]:
    """[start, end) spans covering [first, last), `length` long then twice as long each time, from `first`
    (or from `last` backwards): a dense series fills its quota in the first spans."""
    while first < last:
        if backwards:
            yield max(last - length, first), last
            last = max(last - length, first)
        else:
            yield first, min(first + length, last)
            first = min(first + length, last)
        length *= 2


def dates_between(event: Any, first: datetime, last: datetime, *, limit: int, latest: bool = False) -> list[datetime]:
    """At most `limit` starts in [first, last): the first ones, or with `latest` the last ones."""
    if first >= last:
        return []
    rules = [rule for rule in rules_of(event) if not _impossible(rule)]
    days = _allowed_days(event, rules, first, last)
    if days is not None and len(days) * 7 < (last - first).days:  # rarer than weekly: day by day
        return _by_days(event, rules[0], days, first, last, limit=limit, latest=latest)
    step = min((_step(rule) for rule in rules), default=_DAY)
    if _cycle(rules) is None or (last - first).total_seconds() / step <= limit:
        starts = _expanded(event, rules, first, last)
        return starts[-limit:] if latest else starts[:limit]
    found: list[datetime] = []
    # Span by span, the first holding `limit` dates at most (filters only ever leave some out).
    for span_start, span_end in _spans(first, last, timedelta(seconds=max(step * limit, 3600)), backwards=latest):
        dates = _expanded(event, rules, span_start, span_end)
        found = dates + found if latest else found + dates
        if len(found) >= limit:
            break
    return found[-limit:] if latest else found[:limit]


def occurrence_starts(event: Any, *, now: datetime | None = None) -> list[datetime]:
    """The aware start of every occurrence to store in the current window, excluded dates left out: up
    to MAX_OCCURRENCES from now on (counted from today, not from a year back: an hourly series keeps
    its coming dates) and as many of the last year's."""
    if not event.is_recurring:
        return [event.start]
    now = now or timezone.now()
    first, last = window(event, now=now)
    middle = min(max(now, first), last)
    starts = dates_between(event, first, middle, limit=MAX_OCCURRENCES, latest=True)
    starts += dates_between(event, middle, last + timedelta(seconds=1), limit=MAX_OCCURRENCES)
    if not starts and event.start < first:  # a series over before the window: its last dates, for its page
        starts = dates_between(event, event.start, first, limit=FINISHED_KEPT, latest=True)
    return starts


def coming_dates_cut(starts: list[datetime], *, now: datetime | None = None) -> bool:
    """Whether the coming dates stored stopped at MAX_OCCURRENCES before the window's end."""
    now = now or timezone.now()
    return sum(1 for start in starts if start >= now) >= MAX_OCCURRENCES
