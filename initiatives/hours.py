"""Opening hours in OpenStreetMap's `opening_hours` syntax, read by opening-hours-py.

The syntax is what OpenStreetMap and the national data schemas use ("Mo-Fr 09:00-12:00,14:00-18:00;
Sa 10:00-12:00; PH off"); the library parses it, knows France's public holidays and tells the state at
any moment. Here: the week grid the members' form shows (`Week`), what the page says in French
(`status_at`, `coming_days`), schema.org's `openingHoursSpecification`, GoGoCarto's `openHours`, and the
open periods of the coming days that the "ouvert maintenant" filter reads in SQL (`open_periods`).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]  # its stub misses the error

PARIS = ZoneInfo("Europe/Paris")
# Sunrise and sunset ("sunrise-sunset") are computed at the region's centre: minutes of difference
# across the region, and one evaluation serves every initiative with the same expression.
REGION_CENTRE = (47.5, 1.7)
DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# A week with no public holiday in France, to read the usual week of an expression.
REFERENCE_MONDAY = date(2025, 2, 3)
# How far ahead the open periods are stored for the filter; the daily task renews them.
PERIODS_AHEAD = timedelta(days=14)
RANGES_PER_DAY = 2


class HoursError(ValueError):
    """An expression the library cannot read."""


@lru_cache(maxsize=4096)
def parse(expression: str) -> OpeningHours:
    try:
        return OpeningHours(
            expression, timezone=PARIS, country="FR", coords=REGION_CENTRE, auto_country=False, auto_timezone=False
        )
    except (ParserError, SyntaxError, ValueError) as error:
        raise HoursError(str(error)) from error


def normalized(expression: str) -> str:
    """The expression as the library writes it back ("Mo,Tu,We,Th,Fr 09:00-18:00; PH off" and the
    week grid's "Mo-Fr 09:00-18:00; PH closed" are the same hours); unreadable ones as they are."""
    try:
        return str(parse(expression).normalize())
    except HoursError:
        return expression


def is_valid(expression: str) -> bool:
    try:
        parse(expression)
    except HoursError:
        return False
    return True


def _local(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def _open_intervals(expression: str, start: datetime, end: datetime):
    for begin, finish, state, _comment in parse(expression).intervals(start, end):
        if state == State.OPEN:
            yield max(begin, start), min(finish, end)


def start_of_day(moment: datetime) -> datetime:
    """Midnight, in the region's time, of the day `moment` is in."""
    return datetime.combine(_local(moment).date(), time(0), PARIS)


def open_periods(expression: str, *, start: datetime, ahead: timedelta = PERIODS_AHEAD) -> list[tuple]:
    """The moments the place is open from `start` on, as (begin, end) pairs, for the SQL filter."""
    start = _local(start)
    return list(_open_intervals(expression, start, start + ahead))


def _clock(moment: time) -> str:
    """French clock time as people write it: "9 h", "18 h 30", with no-break spaces (never "18" and "h"
    on two lines)."""
    return f"{moment.hour}\u00a0h" if moment.minute == 0 else f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"


def _day_ranges(expression: str, day: date) -> list[tuple[time, time]]:
    start = datetime.combine(day, time(0), PARIS)
    ranges = []
    for begin, end in _open_intervals(expression, start, start + timedelta(days=1)):
        # An end at midnight is the end of the day: 24:00 rather than 00:00.
        ranges.append((begin.time(), end.time() if end.date() == day else time(23, 59, 59)))
    return ranges


@dataclass
class Status:
    is_open: bool
    text: str


def _when(moment: datetime, now: datetime) -> str:
    moment = _local(moment)
    days = (moment.date() - _local(now).date()).days
    if days == 0:
        return _("à %(time)s") % {"time": _clock(moment.time())}
    if days == 1:
        return _("demain à %(time)s") % {"time": _clock(moment.time())}
    if days < 7:
        return _("%(day)s à %(time)s") % {"day": DAY_NAMES[moment.weekday()], "time": _clock(moment.time())}
    return _("le %(date)s") % {"date": f"{moment.day}/{moment.month:02d}"}


def status_at(expression: str, now: datetime) -> Status | None:
    """ "Ouvert maintenant · ferme à 18 h", "Fermé · ouvre demain à 9 h"; None when the state is unknown."""
    hours = parse(expression)
    now = _local(now)
    state, _comment = hours.state(now)
    if state == State.UNKNOWN:
        return None
    change = hours.next_change(now)
    if state == State.OPEN:
        text = _("Ouvert maintenant")
        if change is not None:
            text += " · " + _("ferme %(when)s") % {"when": _when(change, now)}
        return Status(True, text)
    text = _("Fermé maintenant")
    if change is not None:
        text += " · " + _("ouvre %(when)s") % {"when": _when(change, now)}
    return Status(False, text)


@dataclass
class Day:
    name: str
    date: date
    ranges: list[str]
    is_today: bool = False


def coming_days(expression: str, today: date, count: int = 7) -> list[Day]:
    """The next `count` days as the page lists them, holidays and seasons included."""
    days = []
    for offset in range(count):
        day = today + timedelta(days=offset)
        ranges = [
            _("24 h sur 24") if (begin, end) == (time(0), time(23, 59, 59)) else f"{_clock(begin)} – {_clock(end)}"
            for begin, end in _day_ranges(expression, day)
        ]
        days.append(Day(name=DAY_NAMES[day.weekday()], date=day, ranges=ranges, is_today=offset == 0))
    return days


def _hhmm(moment: time) -> str:
    return "24:00" if moment == time(23, 59, 59) else moment.strftime("%H:%M")


def usual_week(expression: str) -> list[list[tuple[str, str]]]:
    """For each weekday, Monday first, its opening ranges ("09:00", "12:00") in a week without holidays."""
    return [
        [(_hhmm(begin), _hhmm(end)) for begin, end in _day_ranges(expression, REFERENCE_MONDAY + timedelta(days=n))]
        for n in range(7)
    ]


def schema_org(expression: str) -> list[dict]:
    """schema.org's openingHoursSpecification: one entry per set of days sharing the same range."""
    by_range: dict[tuple[str, str], list[str]] = {}
    for day, ranges in enumerate(usual_week(expression)):
        for opens, closes in ranges:
            by_range.setdefault((opens, closes), []).append(SCHEMA_DAYS[day])
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": days,
            "opens": opens,
            "closes": "23:59" if closes == "24:00" else closes,
        }
        for (opens, closes), days in by_range.items()
    ]


def gogocarto(expression: str) -> dict:
    """GoGoCarto's `openHours`: {"Mo": "09:00-12:00,14:00-18:00", …} for the days it is open."""
    return {
        DAYS[day]: ",".join(f"{opens}-{closes}" for opens, closes in ranges)
        for day, ranges in enumerate(usual_week(expression))
        if ranges
    }


@dataclass
class Week:
    """What the form's grid holds: up to two ranges a day, and whether public holidays are closed."""

    days: list[list[tuple[str, str]]] = field(default_factory=lambda: [[] for _ in DAYS])
    closed_on_holidays: bool = True

    def expression(self) -> str:
        """Days sharing the same ranges go together: "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00"."""
        rules = []
        for day, ranges in enumerate(self.days):
            if ranges:
                rules.append(f"{DAYS[day]} {','.join(f'{opens}-{closes}' for opens, closes in ranges)}")
        if not rules:
            return ""
        if self.closed_on_holidays:
            rules.append("PH off")
        return str(parse("; ".join(rules)).normalize())

    @classmethod
    def of(cls, expression: str) -> "Week | None":
        """The grid of an expression, or None when the grid cannot show it all (seasons, weeks of the
        month, comments…): the expression is then edited as written."""
        if not expression:
            return cls()
        try:
            usual = usual_week(expression)
        except HoursError:
            return None
        if any(len(ranges) > RANGES_PER_DAY for ranges in usual):
            return None
        for closed_on_holidays in (True, False):
            week = cls(days=usual, closed_on_holidays=closed_on_holidays)
            if week.expression() and str(parse(week.expression())) == str(parse(expression).normalize()):
                return week
        return None
