"""/agenda.ics and an event's .ics, parsed back with the icalendar library as calendar applications do."""

from datetime import date, datetime, timedelta

import icalendar
import pytest

from agenda.recurrence import PARIS
from agenda.services import event_cancel, event_save, occurrence_cancel
from tests.factories import make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def parse(client, url="/agenda.ics", **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return list(calendar.walk("VEVENT"))


def test_the_published_calendar_gives_back_the_same_events(client):
    first = make_event(title="Repair café", description="On **répare**.")
    second = make_event(title="Marché paysan", start=first.start + timedelta(days=2), themes=[])
    make_event(title="En attente", status="pending", published_at=None)
    calendar = parse(client)
    assert str(calendar["version"]) == "2.0"
    by_uid = {str(e["uid"]): e for e in vevents(calendar)}
    assert set(by_uid) == {first.uid, second.uid}
    repair = by_uid[first.uid]
    assert str(repair["summary"]) == "Repair café"
    assert repair.decoded("dtstart") == first.start
    assert repair.decoded("dtend") == first.end
    assert str(repair["status"]) == "CONFIRMED"
    assert "On répare." in str(repair["description"])
    assert str(repair["location"]).endswith("Tours")
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_an_event_at_10_on_the_day_clocks_change_stays_at_10_paris_time(client):
    start = datetime(2027, 3, 28, 10, 0, tzinfo=PARIS)
    event = make_event(
        title="Atelier du changement d'heure", start=start, end=start + timedelta(hours=2), slug="changement-heure"
    )
    ics_text = page_text(client.get("/agenda/changement-heure.ics"))
    assert "DTSTART;TZID=Europe/Paris:20270328T100000" in ics_text
    [vevent] = vevents(icalendar.Calendar.from_ical(ics_text))
    assert vevent.decoded("dtstart").astimezone(PARIS).hour == 10
    page = page_text(client.get(event.get_absolute_url()))
    assert "dimanche 28 mars 2027, de 10 h à 12 h" in page.lower()


def test_a_series_is_one_event_with_its_rule_and_excluded_dates(client):
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    event = make_event(
        start=start,
        end=start + timedelta(hours=2),
        frequency="WEEKLY",
        weekdays=[1],
        until=date(2027, 2, 23),
        excluded_dates=[date(2027, 1, 19)],
    )
    [vevent] = [e for e in vevents(parse(client, du="2027-01-01", au="2027-03-01")) if str(e["uid"]) == event.uid]
    rule = vevent["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"]
    assert rule["UNTIL"][0].date() >= date(2027, 2, 23)
    excluded = [value.dt for value in vevent["exdate"].dts]
    assert excluded == [datetime(2027, 1, 19, 18, 0, tzinfo=PARIS)]


def test_the_sequence_grows_with_every_change_and_the_uid_stays(client):
    event = make_event(slug="evolutif")
    first = vevents(parse(client, "/agenda/evolutif.ics"))[0]
    event.title = "Nouveau titre"
    event_save(event=event)
    second = vevents(parse(client, "/agenda/evolutif.ics"))[0]
    assert str(second["uid"]) == str(first["uid"])
    assert int(second["sequence"]) > int(first["sequence"])


def test_a_cancelled_event_and_a_cancelled_date_are_marked_cancelled(client):
    whole_start = datetime(2027, 1, 4, 10, 0, tzinfo=PARIS)  # inside the range asked below, whatever today is
    whole = make_event(title="Annulé en entier", start=whole_start, end=whole_start + timedelta(hours=2))
    event_cancel(event=whole)
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    series = make_event(
        title="Série", start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[1], count=4
    )
    occurrence_cancel(occurrence=series.occurrences.order_by("start")[1])
    components = vevents(parse(client, du="2026-06-01", au="2027-03-01"))
    cancelled = [c for c in components if str(c["uid"]) == whole.uid]
    assert [str(c["status"]) for c in cancelled] == ["CANCELLED"]
    overrides = [c for c in components if str(c["uid"]) == series.uid and c.get("recurrence-id")]
    assert len(overrides) == 1
    assert str(overrides[0]["status"]) == "CANCELLED"
    assert overrides[0].decoded("recurrence-id") == datetime(2027, 1, 12, 18, 0, tzinfo=PARIS)


def test_the_calendar_takes_the_agendas_filters(client):
    make_event(title="À Tours")
    from cresol.territories.models import Commune

    bourges = Commune.objects.get(code="18033")
    make_event(title="À Bourges", commune=bourges)
    names = [str(e["summary"]) for e in vevents(parse(client, departement="18"))]
    assert names == ["À Bourges"]
    assert client.get("/agenda.ics", {"departement": "99"}).status_code == 400


def test_without_dates_the_calendar_holds_the_next_90_days_and_dates_reach_further(client):
    soon = datetime.now(PARIS).replace(second=0, microsecond=0) + timedelta(days=30)
    make_event(title="Dans un mois", start=soon)
    make_event(title="Dans quatre mois", start=soon + timedelta(days=90))
    assert [str(e["summary"]) for e in vevents(parse(client))] == ["Dans un mois"]
    later = (soon + timedelta(days=90)).date()
    asked = vevents(parse(client, du=str(later - timedelta(days=1)), au=str(later + timedelta(days=1))))
    assert [str(e["summary"]) for e in asked] == ["Dans quatre mois"]


def test_an_unchanged_calendar_answers_304(client):
    make_event()
    etag = client.get("/agenda.ics")["ETag"]
    assert client.get("/agenda.ics", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_calendar_runs_the_same_queries_for_3_or_30_events(client, page_cache_off, django_assert_num_queries):
    for index in range(3):
        make_event(title=f"Petit {index}")
    with django_assert_num_queries(99, exact=False) as few:
        assert page_text(client.get("/agenda.ics")).count("BEGIN:VEVENT") == 3
    for index in range(27):
        make_event(title=f"Grand {index}")
    with django_assert_num_queries(len(few.captured_queries)):
        assert page_text(client.get("/agenda.ics")).count("BEGIN:VEVENT") == 30


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n"])
def test_text_from_older_data_or_imports_cannot_write_a_second_vevent(client, line_break):
    from agenda.models import Event

    event = make_event(title="Repair café", organiser_name="La Ressourcerie")
    hostile = f'Asso{line_break}END:VEVENT{line_break}BEGIN:VEVENT{line_break}SUMMARY:Faux "rendez-vous"'
    # Stored as it could have been before validation refused line breaks.
    Event.objects.filter(pk=event.pk).update(organiser_name=hostile, venue_name=hostile, summary=hostile)
    body = page_text(client.get("/agenda.ics"))
    content_lines = body.replace("\r\n ", "").split("\r\n")  # unfolded, as a calendar application reads it
    assert content_lines.count("BEGIN:VEVENT") == 1
    assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
    [vevent] = vevents(icalendar.Calendar.from_ical(body))
    assert str(vevent["summary"]) == "Repair café"
    organizer = vevent["organizer"]
    assert organizer.params["CN"].startswith("Asso END:VEVENT BEGIN:VEVENT SUMMARY:Faux 'rendez-vous'")
    assert str(vevent["location"]).startswith('Asso\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:Faux "rendez-vous"')
