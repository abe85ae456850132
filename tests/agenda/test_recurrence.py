"""Recurrence in Paris wall-clock time, French wording, and series that never duplicate."""

from datetime import date, datetime, timedelta

import pytest

from agenda.models import Event, Occurrence
from agenda.recurrence import PARIS, describe, french_span
from agenda.services import event_regenerate_occurrences, event_save, occurrence_cancel, occurrence_move
from tests.factories import make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def local_starts(event):
    return [o.start.astimezone(PARIS) for o in event.occurrences.order_by("start")]


def test_a_weekly_series_keeps_its_wall_clock_time_across_the_change_of_clocks():
    start = datetime(2027, 3, 21, 10, 0, tzinfo=PARIS)  # the Sunday before the clocks go forward
    event = make_event(
        start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[6], until=date(2027, 4, 4)
    )
    starts = local_starts(event)
    assert [s.date() for s in starts] == [date(2027, 3, 21), date(2027, 3, 28), date(2027, 4, 4)]
    assert all((s.hour, s.minute) == (10, 0) for s in starts)
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=2)]


def test_monthly_on_the_second_tuesday():
    start = datetime(2027, 1, 12, 18, 30, tzinfo=PARIS)  # 2nd Tuesday of January 2027
    event = make_event(
        start=start, end=start + timedelta(hours=2), frequency="MONTHLY", monthly_mode="weekday", count=4
    )
    assert [s.date() for s in local_starts(event)] == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
    ]
    assert describe(event) == "tous les mois le 2e mardi, 4 fois"


def test_monthly_by_date_every_other_month_with_an_excluded_date():
    start = datetime(2027, 1, 15, 9, 0, tzinfo=PARIS)
    event = make_event(
        start=start,
        end=start + timedelta(hours=1),
        frequency="MONTHLY",
        monthly_mode="date",
        interval=2,
        count=4,
        excluded_dates=[date(2027, 3, 15)],
    )
    assert [s.date() for s in local_starts(event)] == [date(2027, 1, 15), date(2027, 5, 15), date(2027, 7, 15)]


def test_the_rule_reads_in_plain_french():
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    event = make_event(
        start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[1], until=date(2027, 6, 30)
    )
    assert describe(event) == "toutes les semaines le mardi jusqu'au 30 juin 2027"
    event.weekdays, event.interval = [1, 3], 2
    assert describe(event) == "toutes les 2 semaines le mardi et jeudi jusqu'au 30 juin 2027"


@pytest.mark.parametrize(
    ("start", "end", "all_day", "expected"),
    [
        ((2026, 12, 12, 14, 0), (2026, 12, 12, 17, 0), False, "samedi 12 décembre 2026, de 14 h à 17 h"),
        ((2026, 12, 12, 9, 30), (2026, 12, 12, 12, 0), False, "samedi 12 décembre 2026, de 9 h 30 à 12 h"),
        ((2026, 12, 12, 0, 0), (2026, 12, 12, 23, 59), True, "samedi 12 décembre 2026, toute la journée"),
        ((2026, 12, 12, 0, 0), (2026, 12, 13, 23, 59), True, "du samedi 12 décembre 2026 au dimanche 13 décembre 2026"),
    ],
)
def test_dates_are_written_the_french_way(start, end, all_day, expected):
    assert french_span(datetime(*start, tzinfo=PARIS), datetime(*end, tzinfo=PARIS), all_day=all_day) == expected


def test_editing_a_series_does_not_duplicate_it_and_keeps_its_exceptions():
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    event = make_event(start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[1], count=5)
    cancelled = event.occurrences.order_by("start")[1]
    occurrence_cancel(occurrence=cancelled)
    moved = event.occurrences.order_by("start")[2]
    occurrence_move(occurrence=moved, start=moved.start + timedelta(days=1), end=moved.end + timedelta(days=1))

    event.title, event.end = "Nouveau titre", event.end + timedelta(hours=1)
    event_save(event=event)
    event_save(event=event)
    assert event.occurrences.count() == 5
    assert Occurrence.objects.get(pk=cancelled.pk).cancelled
    assert Occurrence.objects.get(pk=moved.pk).moved
    assert Event.objects.get(pk=event.pk).sequence >= 4  # cancel, move, two saves


def test_shortening_a_series_removes_the_dates_it_no_longer_has():
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    event = make_event(start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[1], count=6)
    event.count = 3
    event_regenerate_occurrences(event=event)
    assert event.occurrences.count() == 3


def test_an_endless_series_is_stored_a_little_over_a_year_ahead():
    start = datetime.now(PARIS).replace(microsecond=0) + timedelta(days=1)
    event = make_event(start=start, end=start + timedelta(hours=1), frequency="WEEKLY", weekdays=[start.weekday()])
    assert 55 <= event.occurrences.count() <= 60


def test_a_weekly_series_begun_years_ago_has_its_next_dates_and_its_page_shows_the_next_one(client):
    import json
    import re

    from django.utils import timezone

    start = datetime(2015, 1, 6, 18, 0, tzinfo=PARIS)  # a Tuesday, every week since, no end
    event = make_event(
        title="Atelier du mardi", start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[1]
    )
    now = timezone.now()
    upcoming = event.occurrences.filter(start__gte=now).order_by("start")
    assert upcoming.count() >= 55  # more than a year ahead
    next_date = upcoming.first().start.astimezone(PARIS)
    assert next_date.weekday() == 1 and (next_date.hour, next_date.minute) == (18, 0)
    assert next_date - now < timedelta(days=7)
    assert not event.occurrences.filter(start__lt=now - timedelta(days=367)).exists()  # only a year back
    content = page_text(client.get(event.get_absolute_url()))
    data = json.loads(re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', content, re.S).group(1))
    assert data["startDate"].startswith(next_date.date().isoformat())


def test_an_endless_daily_series_never_runs_out_and_keeps_its_history(monkeypatch):
    from django.utils import timezone

    start = datetime.now(PARIS).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    event = make_event(start=start, end=start + timedelta(hours=1), frequency="DAILY")
    first_dates = event.occurrences.count()
    assert 395 <= first_dates <= 402
    later = timezone.now() + timedelta(days=600)  # 600 days on: past the 500 dates counted from the start
    event_regenerate_occurrences(event=event, now=later)
    ahead = event.occurrences.filter(start__gte=later)
    assert 395 <= ahead.count() <= 402
    assert event.occurrences.filter(start__lt=later - timedelta(days=367)).exists()  # history kept, not recomputed


def test_refresh_moves_the_window_of_long_series_and_leaves_finished_ones(monkeypatch):
    from django.core.management import call_command

    long_ago = datetime(2016, 3, 1, 10, 0, tzinfo=PARIS)
    endless = make_event(
        title="Sans fin",
        start=long_ago,
        end=long_ago + timedelta(hours=1),
        frequency="WEEKLY",
        weekdays=[long_ago.weekday()],
    )
    finished = make_event(
        title="Finie",
        start=long_ago,
        end=long_ago + timedelta(hours=1),
        frequency="WEEKLY",
        weekdays=[long_ago.weekday()],
        until=date(2016, 6, 1),
    )
    Occurrence.objects.filter(event=endless).delete()
    call_command("refresh_occurrences", stdout=__import__("io").StringIO())
    assert endless.occurrences.count() >= 100
    assert finished.occurrences.count() == 14
