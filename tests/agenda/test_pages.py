"""/agenda/, the month grid, the map data, an event's page and the RSS/Atom feeds."""

import html
import json
import re
from datetime import datetime, timedelta

import feedparser
import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from agenda.recurrence import PARIS
from agenda.services import event_cancel
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def soon(days, hour=14):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def text(response, status=200):
    return html.unescape(page_text(response, status))


def test_upcoming_dates_are_grouped_by_day_and_past_ones_left_out(client):
    make_event(title="Demain", start=soon(1), end=soon(1, 16))
    make_event(title="Après-demain", start=soon(2), end=soon(2, 16))
    make_event(title="Hier", start=soon(-1), end=soon(-1, 16))
    content = text(client.get("/agenda/"))
    assert "2 événements à venir" in content
    assert content.index("Demain") < content.index("Après-demain")
    assert "Hier" not in content
    assert soon(1).strftime("%Y%m%d") in content  # a heading per day


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "habitat"}, {"Habitat"}),
        ({"departement": "18"}, {"À Bourges"}),
        ({"commune": "bourges"}, {"À Bourges"}),
        ({"mode": "en-ligne"}, {"En ligne"}),
        ({"gratuit": "on"}, {"Habitat", "À Bourges", "En ligne"}),
        ({"type": "marche"}, {"À Bourges"}),
        ({"lat": "47.08", "lon": "2.39", "rayon": "10"}, {"À Bourges"}),
        ({"du": "2000-01-01", "au": "2000-01-31"}, set()),
    ],
)
def test_the_filters_narrow_the_agenda(client, params, expected):
    from cresol.territories.models import Commune

    make_event(title="Habitat", themes=[Theme.objects.get(slug="habitat")])
    make_event(title="À Bourges", commune=Commune.objects.get(code="18033"), kind="marche")
    make_event(title="Payant", price="payant")
    make_event(
        title="En ligne", attendance="en-ligne", online_url="https://visio.example.org", commune=None, point=None
    )
    content = text(client.get("/agenda/", params))
    shown = {title for title in ("Habitat", "À Bourges", "Payant", "En ligne") if f">{title}</a>" in content}
    assert shown == expected


def test_named_periods_select_their_days(client):
    make_event(title="Dans six mois", start=soon(180), end=soon(180, 16))
    # Under way now: "today" whatever the hour the suite runs at, midnight included.
    make_event(
        title="Tout de suite",
        start=timezone.localtime() - timedelta(minutes=10),
        end=timezone.localtime() + timedelta(minutes=10),
    )
    today = text(client.get("/agenda/", {"quand": "aujourdhui"}))
    month = text(client.get("/agenda/", {"quand": "mois"}))
    assert "Tout de suite" in today and "Dans six mois" not in today and "Dans six mois" not in month


@pytest.mark.parametrize(
    "params",
    [
        {"du": "2027-02-01", "au": "2027-01-01"},
        {"du": "pas-une-date"},
        {"lat": "47"},
        {"quand": "hier"},
        {"du": "2020-01-01", "au": "2027-01-01"},
        {"theme": "inconnue"},
    ],
)
def test_bad_filters_are_a_400_with_the_form_in_french(client, params):
    response = client.get("/agenda/", params)
    assert response.status_code == 400
    assert "Filtres invalides" in text(response, 400)


def test_an_unknown_page_is_a_404(client):
    make_event(title="Seul événement")
    assert client.get("/agenda/", {"page": "7"}).status_code == 404
    assertContains(client.get("/agenda/", {"page": "1"}), "Seul événement")  # the positive control


def test_the_month_grid_is_an_accessible_table(client):
    start = datetime(2027, 3, 12, 14, 0, tzinfo=PARIS)
    make_event(title="Atelier de mars", start=start, end=start + timedelta(hours=2))
    content = text(client.get("/agenda/2027/3/"))
    assert "<caption>" in content
    assert content.count('<th scope="col">') == 7
    assert "Atelier de mars" in content
    assert "mars 2027" in content
    assert client.get("/agenda/2027/13/").status_code == 404


def test_the_event_page_has_french_dates_place_price_and_structured_data(client):
    start = datetime(2026, 12, 12, 14, 0, tzinfo=PARIS)
    organiser = InitiativeFactory(name="Ressourcerie du Cher", slug="ressourcerie-du-cher")
    event = make_event(
        title="Grande braderie",
        start=start,
        end=start + timedelta(hours=3),
        slug="braderie",
        organiser_initiative=organiser,
        price="prix-libre",
        accessibility="Accès de plain-pied",
        registration_url="https://inscription.example.org",
    )
    content = text(client.get("/agenda/braderie/"))
    assert "Samedi 12 décembre 2026, de 14 h à 17 h" in content
    assert 'href="/initiatives/ressourcerie-du-cher/"' in content
    assert "Prix libre" in content and "Accès de plain-pied" in content
    assert 'href="/agenda/braderie.ics"' in content
    assert "calendar.google.com" in content
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["@type"] == "Event"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["startDate"] == "2026-12-12T14:00:00+01:00"
    assert '<meta property="og:title" content="Grande braderie">' in content
    event_cancel(event=event)
    cancelled = text(client.get("/agenda/braderie/"))
    assert "Cet événement est annulé." in cancelled
    assert "EventCancelled" in cancelled


def test_an_online_event_gives_a_virtual_location(client):
    make_event(
        slug="visio", attendance="en-ligne", online_url="https://visio.example.org/salle", commune=None, point=None
    )
    content = text(client.get("/agenda/visio/"))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://visio.example.org/salle"}


def test_an_initiative_page_lists_its_upcoming_events_and_the_home_page_the_next_ones(client):
    initiative = InitiativeFactory(slug="hote")
    make_event(title="Chez l'hôte", place_initiative=initiative)
    make_event(title="Ailleurs")
    page = text(client.get("/initiatives/hote/"))
    assert "Chez l'hôte" in page and "Ailleurs" not in page
    home = text(client.get("/"))
    assert "Chez l'hôte" in home and "Ailleurs" in home


def test_the_feeds_parse_in_feedparser(client):
    make_event(title="Repair café", description="<script>alert(1)</script> **solide**")
    make_event(title="Sans description", summary="<script>alert(2)</script>", start=soon(5), end=soon(5, 16))
    for url in ("/agenda/flux/", "/agenda/flux/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.entries[0].title.startswith("Repair café — ")
        # The feed carries HTML escaped once for XML: a live tag would read "&lt;script" here.
        assertNotContains(client.get(url), "&lt;script")


def test_the_map_data_has_upcoming_on_site_events_with_their_licence_and_an_etag(client):
    from cresol.themes.models import Theme

    habitat = Theme.objects.get(slug="habitat")
    event = make_event(title="Sur place", themes=[habitat, Theme.objects.get(slug="reemploi-zero-dechet")])
    make_event(
        title="En ligne", attendance="en-ligne", online_url="https://visio.example.org", commune=None, point=None
    )
    response = client.get("/agenda/carte/evenements.geojson")
    data = json.loads(response.content)
    assert [f["properties"]["name"] for f in data["features"]] == ["Sur place"]
    [feature] = data["features"]
    assert feature["properties"]["url"] == event.get_absolute_url()
    first = min([habitat, Theme.objects.get(slug="reemploi-zero-dechet")], key=lambda theme: (theme.order, theme.name))
    assert feature["properties"]["theme"] == first.pk
    assert data["license"] == "ODbL-1.0"
    assert client.get("/agenda/carte/evenements.geojson", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get("/agenda/carte/evenements.geojson", {"lat": "1"}).status_code == 400


def test_pages_run_the_same_queries_with_3_or_30_events(client, page_cache_off, django_assert_num_queries):
    for index in range(3):
        make_event(title=f"Petit {index}", start=soon(index + 1), end=soon(index + 1, 16))
    event = make_event(
        title="Détail",
        slug="detail-fixe",
        frequency="WEEKLY",
        weekdays=[soon(1).weekday()],
        count=8,
        start=soon(1),
        end=soon(1, 16),
    )
    month = f"/agenda/{soon(1).year}/{soon(1).month}/"
    urls = ["/agenda/", month, event.get_absolute_url(), "/agenda/flux/", "/"]
    counts = {}
    for url in urls:
        with django_assert_num_queries(99, exact=False) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    for index in range(27):
        make_event(title=f"Grand {index}", start=soon(index % 20 + 1), end=soon(index % 20 + 1, 16))
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert "Détail" in page_text(client.get(url))


def test_a_weekly_series_is_listed_once_with_its_rule_and_next_date(client):
    """A weekly workshop used to fill the list (17 of 18 lines): it is one line, at its next date."""
    start = soon(1, 18)
    make_event(
        title="Atelier couture du mardi",
        start=start,
        end=start + timedelta(hours=2),
        frequency="WEEKLY",
        weekdays=[start.weekday()],
        count=17,
    )
    make_event(title="Conférence unique", start=soon(3), end=soon(3, 16))
    content = text(client.get("/agenda/"))
    assert "2 événements à venir" in content
    assert content.count("Atelier couture du mardi</a>") == 1
    assert "Prochaine date de la série : toutes les semaines le" in content
    assert content.index("Atelier couture du mardi") < content.index("Conférence unique")
    # Every date stays in the month view and the calendar.
    assert text(client.get("/agenda.ics")).count("RRULE:FREQ=WEEKLY") == 1
