"""Taking the agenda elsewhere: the subscription help, calendars named by their filters, and
"add to my calendar" links that carry the place and the series."""

from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from pytest_django.asserts import assertContains

from agenda.recurrence import PARIS
from tests.factories import make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_the_subscription_page_gives_the_address_to_copy_the_webcal_link_and_the_steps(client):
    page = page_text(client.get("/agenda/abonnement/", {"theme": "mobilite", "departement": "37"}))
    assert 'value="http://testserver/agenda.ics?theme=mobilite&amp;departement=37"' in page
    assert 'href="webcal://testserver/agenda.ics?theme=mobilite&amp;departement=37"' in page
    for application in ("Google Agenda", "Outlook", "Thunderbird", "iPhone", "Android"):
        assert application in page
    assert "Agenda citoyen du Cré-sol — Mobilité · Indre-et-Loire" in page
    assertContains(client.get("/agenda/"), 'href="/agenda/abonnement/"')
    assert client.get("/agenda/abonnement/", {"departement": "99"}).status_code == 400


def test_a_filtered_calendar_is_named_by_its_filters(client):
    make_event(title="Atelier vélo")
    whole = icalendar.Calendar.from_ical(client.get("/agenda.ics").content)
    assert str(whole["X-WR-CALNAME"]) == "Agenda citoyen du Cré-sol"
    filtered = icalendar.Calendar.from_ical(client.get("/agenda.ics", {"theme": "mobilite", "gratuit": "on"}).content)
    assert str(filtered["X-WR-CALNAME"]) == "Agenda citoyen du Cré-sol — Mobilité · gratuit ou prix libre"


def test_add_to_my_calendar_carries_the_place_and_the_whole_series(client):
    start = datetime.combine(date.today() + timedelta(days=2), datetime.min.time(), tzinfo=PARIS).replace(hour=18)
    make_event(
        title="Atelier couture",
        slug="couture",
        start=start,
        end=start + timedelta(hours=2),
        venue_name="La Fabrique",
        address="3 rue des Tanneurs",
        frequency="WEEKLY",
        weekdays=[start.weekday()],
        count=6,
    )
    page = page_text(client.get("/agenda/couture/"))
    google = next(link for link in page.split('"') if link.startswith("https://calendar.google.com"))
    params = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
    assert params["location"] == ["La Fabrique, 3 rue des Tanneurs, Tours"]
    assert params["recur"][0].startswith("RRULE:FREQ=WEEKLY;")
    assert "UNTIL=" in params["recur"][0] and "COUNT" not in params["recur"][0]
    assert "Outlook (cette date)" in page  # its link cannot carry a series: it says so

    make_event(title="Conférence", slug="conference", start=start, end=start + timedelta(hours=2))
    single = page_text(client.get("/agenda/conference/"))
    google = next(link for link in single.split('"') if link.startswith("https://calendar.google.com"))
    assert "recur=" not in google  # the positive control above had one
    assert ">Outlook<" in single
