"""Partners' calendars as they really are, imported, then compared date by date with what
recurring_ical_events (the reference expander of icalendar rules) computes for the next 12 months.

The calendars are written for these tests, modelled on the test calendars of icalendar and
python-recurring-ical-events and on Outlook and Google exports: long-running series, the last Friday,
several days of the month, added dates (RDATE), UNTIL in UTC, UTC and foreign-zone starts, Windows zone
names, moved and cancelled dates. They are dated from today, so that they stay meaningful whatever the
day the suite runs.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone

from agenda.importer import import_source
from agenda.models import Event, ImportSource
from tests.http import page_text

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def vevent(uid, *lines, summary="Atelier"):
    return ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary}", "DTSTAMP:20260101T000000Z", *lines, "END:VEVENT"]


def calendar_text(*vevents) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partenaire//FR"]
    for component in vevents:
        lines.extend(component)
    return "\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n"


def reference_dates(text: str, uid: str, first: datetime, last: datetime) -> list[tuple[datetime, bool]]:
    calendar = icalendar.Calendar.from_ical(text)
    dates = []
    for component in recurring_ical_events.of(calendar).between(first, last):
        if str(component.get("uid")) != uid:
            continue
        start = component.decoded("dtstart")
        if not isinstance(start, datetime):
            start = datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo("Europe/Paris"))
        # between() also gives the dates in progress at `first` (an all-day date, an evening begun):
        # the stored dates are chosen by their start, so the reference is too, whatever the hour.
        if not first <= start < last:
            continue
        cancelled = str(component.get("status") or "").upper() == "CANCELLED"
        dates.append((start.astimezone(UTC), cancelled))
    return sorted(dates)


def stored_dates(uid: str, first: datetime, last: datetime) -> list[tuple[datetime, bool]]:
    event = Event.objects.get(external_uid=uid)
    occurrences = event.occurrences.filter(start__gte=first, start__lt=last)
    return sorted((o.start.astimezone(UTC), o.cancelled or event.cancelled) for o in occurrences)


def upcoming(text: str, uid: str, number: int) -> datetime:
    """The start of the number-th date of a series from tomorrow on, by the reference."""
    now = timezone.now()
    starts = reference_dates(text, uid, now + timedelta(days=1), now + timedelta(days=400))
    return starts[number][0]


SERIES = {
    "depuis-2015@partenaire": [  # weekly since 2015, no end: expansion must not count from 2015
        "DTSTART;TZID=Europe/Paris:20150106T180000",
        "DTEND;TZID=Europe/Paris:20150106T200000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU",
    ],
    "dernier-vendredi@partenaire": [  # the last Friday of the month (not the fourth)
        "DTSTART;TZID=Europe/Paris:20240126T183000",
        "DTEND;TZID=Europe/Paris:20240126T210000",
        "RRULE:FREQ=MONTHLY;BYDAY=-1FR",
    ],
    "1-et-15@partenaire": [  # the 1st and the 15th, one date excluded
        "DTSTART;TZID=Europe/Paris:20240101T100000",
        "DTEND;TZID=Europe/Paris:20240101T120000",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=1,15",
        "EXDATE;TZID=Europe/Paris:20240115T100000",
    ],
    "annuel@partenaire": [  # yearly, twice a year
        "DTSTART;TZID=Europe/Paris:20230321T090000",
        "DTEND;TZID=Europe/Paris:20230321T170000",
        "RRULE:FREQ=YEARLY;BYMONTH=3,9;BYMONTHDAY=21",
    ],
    "utc@partenaire": [  # written in UTC: 17:00 UTC is 18:00 in winter and 19:00 in summer in Paris
        "DTSTART:20240104T170000Z",
        "DTEND:20240104T190000Z",
        "RRULE:FREQ=WEEKLY;BYDAY=TH",
    ],
    "montreal@partenaire": [  # a partner's visio, set in Montreal time
        "DTSTART;TZID=America/Montreal:20240108T120000",
        "DTEND;TZID=America/Montreal:20240108T130000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO",
    ],
    "outlook@partenaire": [  # Outlook names the zone the Windows way
        "DTSTART;TZID=Romance Standard Time:20240103T140000",
        "DTEND;TZID=Romance Standard Time:20240103T160000",
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
    ],
    "journees@partenaire": [  # all-day, every other Saturday
        "DTSTART;VALUE=DATE:20240106",
        "DTEND;VALUE=DATE:20240107",
        "RRULE:FREQ=WEEKLY;INTERVAL=2",
    ],
}


def partner_calendar() -> str:
    """The series above, plus dates computed from today: RDATE, UNTIL in UTC, a moved and a cancelled date."""
    base = calendar_text(*(vevent(uid, *lines) for uid, lines in SERIES.items()))
    now = timezone.now()
    extra_date = (
        (now + timedelta(days=45))
        .astimezone(ZoneInfo("Europe/Paris"))
        .replace(hour=20, minute=0, second=0, microsecond=0)
    )
    until = (now + timedelta(days=100)).astimezone(UTC).replace(hour=16, minute=59, second=0, microsecond=0)
    moved = upcoming(base, "depuis-2015@partenaire", 2)
    cancelled = upcoming(base, "depuis-2015@partenaire", 4)
    paris = ZoneInfo("Europe/Paris")
    return calendar_text(
        *(vevent(uid, *lines) for uid, lines in SERIES.items()),
        vevent(
            "rdate@partenaire",
            "DTSTART;TZID=Europe/Paris:20240105T180000",
            "DTEND;TZID=Europe/Paris:20240105T190000",
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=5",
            f"RDATE;TZID=Europe/Paris:{extra_date:%Y%m%dT%H%M%S}",
        ),
        vevent(
            "until-utc@partenaire",
            "DTSTART;TZID=Europe/Paris:20240102T180000",
            "DTEND;TZID=Europe/Paris:20240102T200000",
            f"RRULE:FREQ=DAILY;UNTIL={until:%Y%m%dT%H%M%SZ}",
        ),
        vevent(
            "depuis-2015@partenaire",
            f"RECURRENCE-ID;TZID=Europe/Paris:{moved.astimezone(paris):%Y%m%dT%H%M%S}",
            f"DTSTART;TZID=Europe/Paris:{(moved + timedelta(days=1)).astimezone(paris):%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Paris:{(moved + timedelta(days=1, hours=2)).astimezone(paris):%Y%m%dT%H%M%S}",
        ),
        vevent(
            "depuis-2015@partenaire",
            f"RECURRENCE-ID;TZID=Europe/Paris:{cancelled.astimezone(paris):%Y%m%dT%H%M%S}",
            f"DTSTART;TZID=Europe/Paris:{cancelled.astimezone(paris):%Y%m%dT%H%M%S}",
            "STATUS:CANCELLED",
        ),
    )


@pytest.fixture
def imported(http_server):
    text = partner_calendar()
    http_server.route("/agenda.ics", body=text.encode())
    source = ImportSource.objects.create(name="Partenaire", url=http_server.url("/agenda.ics"), trusted=True)
    report = import_source(source)
    assert report.error == "" and report.skipped == 0, (report, source.last_notes)
    return text


UIDS = [*SERIES, "rdate@partenaire", "until-utc@partenaire"]


@pytest.mark.parametrize("uid", UIDS)
def test_the_stored_dates_of_the_next_12_months_are_the_references(imported, uid):
    now = timezone.now()
    first, last = now + timedelta(days=1), now + timedelta(days=365)
    expected = reference_dates(imported, uid, first, last)
    assert expected, "the reference gives dates (the positive control)"
    assert stored_dates(uid, first, last) == expected


def test_the_calendar_we_publish_gives_the_same_dates_back(imported, client):
    """Our /agenda.ics, read by the reference expander, gives the dates we store (rules kept as written)."""
    now = timezone.now()
    first, last = now + timedelta(days=1), now + timedelta(days=365)
    # A year asked for: without dates the calendar holds the next 90 days only.
    year = {"du": str(timezone.localdate()), "au": str(timezone.localdate() + timedelta(days=366))}
    published = page_text(client.get("/agenda.ics", year))
    for uid in UIDS:
        assert reference_dates(published, uid, first, last) == stored_dates(uid, first, last), uid


def test_a_series_is_described_in_words_only_when_the_words_say_exactly_its_rule(imported):
    from agenda.recurrence import describe

    def words(uid):
        return describe(Event.objects.get(external_uid=uid))

    assert words("depuis-2015@partenaire") == "toutes les semaines le mardi"
    assert words("outlook@partenaire") == "toutes les 2 semaines le mercredi"
    # The last Friday is not "the 4th Friday", the 1st and the 15th not "the 1st", added dates not a rule.
    for uid in ("dernier-vendredi@partenaire", "1-et-15@partenaire", "rdate@partenaire", "annuel@partenaire"):
        assert words(uid) == "à plusieurs dates, selon le calendrier du partenaire", uid
