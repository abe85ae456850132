"""Naming a time zone a partner's calendar defines itself by the IANA zone that keeps the same clock.

RFC 5545 lets a calendar define its own zones (TZID=US-Eastern with a VTIMEZONE of its rules): icalendar
reads them, but the agenda stores a series' zone by name, to repeat its wall clock. The IANA zone whose
offsets are the same at every change of the coming years (and the last one) keeps that clock.
"""

from datetime import UTC, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

# Several zones keep the same clock nowadays (America/Detroit and America/New_York): the one people name
# comes first — France's, overseas included, then each region's best known — and old aliases (US/Eastern,
# EST5EDT) last.
_PREFERRED = (
    "Europe/Paris",
    "America/Guadeloupe",
    "America/Martinique",
    "America/Cayenne",
    "Indian/Reunion",
    "Indian/Mayotte",
    "America/Miquelon",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Europe/London",
    "Europe/Lisbon",
    "Europe/Helsinki",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Halifax",
    "America/St_Johns",
    "America/Sao_Paulo",
    "America/Mexico_City",
    "Africa/Casablanca",
    "Africa/Algiers",
    "Africa/Dakar",
    "Africa/Johannesburg",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
)
_LEGACY = ("Etc/", "US/", "SystemV/", "Canada/", "Mexico/", "Brazil/", "Chile/")


@lru_cache(maxsize=1)
def _candidates() -> tuple[str, ...]:
    names = [name for name in available_timezones() if "/" in name and name not in _PREFERRED]
    return _PREFERRED + tuple(sorted(names, key=lambda name: (name.startswith(_LEGACY), name)))


def _instants(around: datetime) -> list[datetime]:
    """An instant a week for three years around the given moment: every change of clock is within a week
    of one, and a zone that changes on another date shows a different offset at one of them."""
    start = around.astimezone(UTC) - timedelta(days=365)
    return [start + timedelta(days=7 * week, hours=offset) for week in range(157) for offset in (0, 12)]


def _offsets(zone: tzinfo, instants: list[datetime]) -> tuple:
    return tuple(instant.astimezone(zone).utcoffset() for instant in instants)


def equivalent_zone(zone: tzinfo, *, around: datetime) -> str | None:
    """The IANA name of a zone with `zone`'s offsets around `around`, or None."""
    instants = _instants(around)
    wanted = _offsets(zone, instants)
    # Two instants, in January and July, rule out almost every zone before the whole comparison.
    january, july = instants[0], instants[52]
    for name in _candidates():
        candidate = ZoneInfo(name)
        if (
            january.astimezone(candidate).utcoffset() != wanted[0]
            or july.astimezone(candidate).utcoffset() != wanted[52]
        ):
            continue
        if _offsets(candidate, instants) == wanted:
            return name
    return None
