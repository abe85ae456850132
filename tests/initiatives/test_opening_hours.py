"""Opening hours in OpenStreetMap's syntax: the members' week grid, the page's "ouvert maintenant",
schema.org, the exports, and the "ouvert maintenant" filter of the map and the list."""

import csv
import html
import io
import json
import re
from datetime import datetime

import pytest
from django.apps import apps
from pytest_django.asserts import assertContains, assertNotContains

from cresol.themes.models import Theme
from initiatives import hours
from initiatives.models import Initiative, InitiativeOpening
from initiatives.services import initiative_openings_refresh
from tests.factories import InitiativeFactory, UserFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

PARIS = hours.PARIS
WEEKDAYS = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; PH off"
ALWAYS = "24/7"
NEVER_AGAIN = "2020 Jan 01 10:00-11:00"  # a valid expression that is closed from now on


def plain(text: str) -> str:
    """The hours are written with no-break spaces ("18\u00a0h"); compared here as typed."""
    return text.replace("\u00a0", " ")


def grid(**cells):
    """The grid's fields: `mo1=("09:00", "12:00")` is Monday's first range."""
    days = ["mo", "tu", "we", "th", "fr", "sa", "su"]
    data = {"opening_hours_holidays": "1"}
    for key, (start, end) in cells.items():
        day, n = days.index(key[:2]), int(key[2]) - 1
        data[f"opening_hours_{day}_{n}_start"], data[f"opening_hours_{day}_{n}_end"] = start, end
    return data


def proposal(**overrides):
    data = {
        "name": "Épicerie solidaire de Vierzon",
        "summary": "Des produits de qualité à petit prix pour tous.",
        "themes": [Theme.objects.get(slug="alimentation-agriculture").pk],
        "kind": "association",
        "commune_name": "Vierzon",
        "website": "https://epicerie-vierzon.example.org",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(client):
    client.force_login(UserFactory())
    return client


# --- The library's answers, at fixed moments --------------------------------------------------------


def test_the_page_says_whether_it_is_open_and_when_that_changes_in_french():
    thursday_5pm = datetime(2026, 12, 24, 17, 0, tzinfo=PARIS)
    assert plain(hours.status_at(WEEKDAYS, thursday_5pm).text) == "Ouvert maintenant · ferme à 18 h"
    # Christmas is a public holiday ("PH off"): closed on Friday, open again on Saturday.
    assert plain(hours.status_at(WEEKDAYS, datetime(2026, 12, 24, 19, 0, tzinfo=PARIS)).text) == (
        "Fermé maintenant · ouvre samedi à 10 h"
    )
    assert plain(hours.status_at(WEEKDAYS, datetime(2026, 12, 28, 8, 0, tzinfo=PARIS)).text) == (
        "Fermé maintenant · ouvre à 9 h"
    )
    assert plain(hours.status_at("We 14:30-18:00", datetime(2026, 12, 29, 20, 0, tzinfo=PARIS)).text) == (
        "Fermé maintenant · ouvre demain à 14 h 30"
    )


def test_the_coming_days_list_holidays_as_closed():
    days = hours.coming_days(WEEKDAYS, datetime(2026, 12, 24).date(), count=3)
    assert [(day.name, [plain(text) for text in day.ranges]) for day in days] == [
        ("jeudi", ["9 h – 12 h", "14 h – 18 h"]),
        ("vendredi", []),  # 25 December
        ("samedi", ["10 h – 12 h"]),
    ]
    assert days[0].is_today and not days[1].is_today


def test_a_grid_week_round_trips_and_what_the_grid_cannot_show_is_left_to_the_expression():
    week = hours.Week.of(WEEKDAYS)
    assert week.days[0] == [("09:00", "12:00"), ("14:00", "18:00")] and week.days[6] == []
    assert week.closed_on_holidays and week.expression() == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; PH closed"
    assert hours.Week.of("Jul-Aug Mo 10:00-12:00") is None  # seasons
    assert hours.Week.of("Mo 08:00-09:00,10:00-11:00,12:00-13:00") is None  # three ranges a day


# --- The members' form -------------------------------------------------------------------------------


def test_a_member_fills_the_week_grid_and_the_initiative_gets_an_openstreetmap_expression(member):
    cells = grid(
        mo1=("09:00", "12:00"),
        mo2=("14:00", "18:00"),
        tu1=("09:00", "12:00"),
        tu2=("14:00", "18:00"),
        we1=("09:00", "12:00"),
        we2=("14:00", "18:00"),
        th1=("9h", "12h"),
        th2=("14 h", "18 h"),
        fr1=("09:00", "12:00"),
        fr2=("14:00", "18:00"),
        sa1=("10:00", "12:00"),
    )
    response = member.post("/initiatives/proposer/", proposal(**cells, opening_hours_note="Fermé en août"))
    assert response.status_code == 302, page_text(response, 200)
    initiative = Initiative.objects.get(name="Épicerie solidaire de Vierzon")
    assert initiative.opening_hours == "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; PH closed"
    assert initiative.opening_hours_note == "Fermé en août"
    # Its periods are stored at once for the filter (read by the SQL of "ouvert maintenant").
    assert InitiativeOpening.objects.get(initiative=initiative).periods


def test_a_mistake_in_the_grid_is_explained_beside_it_and_what_was_typed_is_kept(member):
    response = member.post("/initiatives/proposer/", proposal(**grid(tu1=("18:00", "09:00"), we1=("10:00", ""))))
    content = html.unescape(page_text(response, 200))
    assert "Mardi : la fermeture (09:00) doit suivre l'ouverture (18:00)." in content
    assert "Mercredi : indiquez l'ouverture et la fermeture" in content
    assert 'name="opening_hours_1_0_start" id="id_opening_hours_1_0_start" value="18:00"' in content
    assert 'value="Épicerie solidaire de Vierzon"' in content
    assert not Initiative.objects.filter(name="Épicerie solidaire de Vierzon").exists()


def test_an_expression_that_is_not_openstreetmap_syntax_is_refused_in_french(member):
    response = member.post("/initiatives/proposer/", proposal(opening_hours_expert="Mercredi après-midi"))
    content = html.unescape(page_text(response, 200))
    assert "ne sont pas au format OpenStreetMap" in content
    assert 'value="Mercredi après-midi"' in content
    # The grid and the expression at once: which one to keep is the member's call.
    response = member.post(
        "/initiatives/proposer/", proposal(**grid(mo1=("09:00", "12:00")), opening_hours_expert="Tu 09:00-12:00")
    )
    assertContains(response, "Remplissez la grille ou l&#x27;expression OpenStreetMap, pas les deux.")
    # The expression alone, for what the grid cannot say, is kept as written.
    response = member.post("/initiatives/proposer/", proposal(opening_hours_expert="Mo-Fr 10:00-18:00; Aug off"))
    assert response.status_code == 302
    assert Initiative.objects.get().opening_hours == "Mo-Fr 10:00-18:00; Aug off"


def test_the_edit_form_shows_simple_hours_in_the_grid_and_seasonal_ones_as_written(member):
    user = UserFactory()
    member.force_login(user)
    simple = InitiativeFactory(status="draft", submitted_by=user, opening_hours=WEEKDAYS)
    seasonal = InitiativeFactory(status="draft", submitted_by=user, opening_hours="Jul-Aug Sa 10:00-12:00")
    content = page_text(member.get(f"/initiatives/{simple.slug}/modifier/"), 200)
    assert re.search(r'name="opening_hours_0_1_end" [^>]*value="18:00"', content)
    assert re.search(r'name="opening_hours_holidays" [^>]* checked', content)
    assert re.search(r'name="opening_hours_expert" [^>]*value=""', content)
    content = page_text(member.get(f"/initiatives/{seasonal.slug}/modifier/"), 200)
    assert re.search(r'name="opening_hours_expert" [^>]*value="Jul-Aug Sa 10:00-12:00"', content)
    assert re.search(r'name="opening_hours_5_0_start" [^>]*value=""', content)


# --- The page, schema.org, the exports ------------------------------------------------------------


def test_the_page_says_open_now_and_lists_the_coming_days(client):
    InitiativeFactory(slug="toujours", opening_hours=ALWAYS)
    InitiativeFactory(slug="jamais", opening_hours=NEVER_AGAIN, opening_hours_note="Sur rendez-vous")
    InitiativeFactory(slug="sans-horaires")
    always = html.unescape(page_text(client.get("/initiatives/toujours/")))
    assert "Ouvert maintenant" in always and "24 h sur 24" in always
    never = html.unescape(page_text(client.get("/initiatives/jamais/")))
    assert "Fermé maintenant" in never and "Sur rendez-vous" in never and "Ouvert maintenant" not in never
    assertNotContains(client.get("/initiatives/sans-horaires/"), "Horaires des sept prochains jours")
    assert "Horaires des sept prochains jours" in always  # the positive control


def test_the_exports_give_the_expression_the_note_and_gogocarto_its_days(client):
    InitiativeFactory(name="Épicerie", opening_hours=WEEKDAYS, opening_hours_note="Fermé en août")
    content = client.get("/initiatives/export.csv").getvalue().decode("utf-8-sig")
    [row] = csv.DictReader(io.StringIO(content), delimiter=";")
    assert row["horaires"] == WEEKDAYS and row["horaires_precisions"] == "Fermé en août"
    [item] = json.loads(client.get("/initiatives/export.json").getvalue())["initiatives"]
    assert item["opening_hours"] == WEEKDAYS and item["opening_hours_note"] == "Fermé en août"
    [element] = json.loads(client.get("/initiatives/export.gogocarto.json").getvalue())["data"]
    assert element["openHours"] == {
        **dict.fromkeys(["Mo", "Tu", "We", "Th", "Fr"], "09:00-12:00,14:00-18:00"),
        "Sa": "10:00-12:00",
    }
    assert element["openHoursString"] == "Fermé en août" and element["osmOpeningHours"] == WEEKDAYS


# --- The "ouvert maintenant" filter ----------------------------------------------------------------


def test_the_open_now_filter_keeps_only_those_open_at_this_moment_on_the_list_and_the_map(
    client, page_cache_off, django_assert_max_num_queries
):
    InitiativeFactory(name="Toujours ouverte", opening_hours=ALWAYS)
    InitiativeFactory(name="Fermée désormais", opening_hours=NEVER_AGAIN)
    InitiativeFactory(name="Sans horaires")
    everything = page_text(client.get("/initiatives/"))
    assert all(name in everything for name in ["Toujours ouverte", "Fermée désormais", "Sans horaires"])
    with django_assert_max_num_queries(8):
        open_now = page_text(client.get("/initiatives/", {"ouvert": "on"}))
    assert "Toujours ouverte" in open_now
    assert "Fermée désormais" not in open_now and "Sans horaires" not in open_now
    features = json.loads(client.get("/carte/initiatives.geojson", {"ouvert": "1"}).content)["features"]
    assert [feature["properties"]["name"] for feature in features] == ["Toujours ouverte"]


def test_the_open_now_filter_runs_the_same_queries_whatever_the_number_of_initiatives(
    client, page_cache_off, django_assert_num_queries
):
    InitiativeFactory(opening_hours=ALWAYS)
    with django_assert_num_queries(8) as few:  # the filters' choices (Pays among them), the page's ids, its rows
        assertContains(client.get("/initiatives/", {"ouvert": "1"}), "1 initiative")
    for _ in range(15):
        InitiativeFactory(opening_hours=ALWAYS)
    with django_assert_num_queries(len(few.captured_queries)):
        assertContains(client.get("/initiatives/", {"ouvert": "1"}), "16 initiatives")


def test_the_stored_periods_follow_holidays_and_are_renewed(client):
    initiative = InitiativeFactory(opening_hours=WEEKDAYS)
    initiative_openings_refresh(now=datetime(2026, 12, 24, 8, 0, tzinfo=PARIS))

    def open_at(moment):
        return InitiativeOpening.objects.filter(initiative=initiative, periods__contains=moment).exists()

    assert open_at(datetime(2026, 12, 24, 10, 0, tzinfo=PARIS))  # Thursday morning
    assert not open_at(datetime(2026, 12, 24, 13, 0, tzinfo=PARIS))  # lunch
    assert not open_at(datetime(2026, 12, 25, 10, 0, tzinfo=PARIS))  # Christmas, a Friday
    assert open_at(datetime(2027, 1, 6, 10, 0, tzinfo=PARIS))  # within the two weeks stored
    assert not open_at(datetime(2027, 1, 12, 10, 0, tzinfo=PARIS))  # past them...
    initiative_openings_refresh(now=datetime(2027, 1, 5, 0, 30, tzinfo=PARIS))  # ...until the nightly renewal
    assert open_at(datetime(2027, 1, 12, 10, 0, tzinfo=PARIS))
    # Hours removed: no periods left, so never "open now".
    Initiative.objects.filter(pk=initiative.pk).update(opening_hours="")
    initiative_openings_refresh()
    assert not InitiativeOpening.objects.filter(initiative=initiative).exists()


def test_a_bad_open_now_value_does_not_break_the_list(client):
    assertContains(client.get("/initiatives/", {"ouvert": "<script>"}), "Ouvert maintenant")


# --- The free text written before -----------------------------------------------------------------


def test_the_migration_keeps_free_text_as_the_note_and_openstreetmap_text_as_the_hours():
    from importlib import import_module

    migration = import_module("initiatives.migrations.0007_opening_hours_osm")
    free = InitiativeFactory(opening_hours="Mercredi 14 h – 18 h\nSamedi 10 h – 12 h")
    osm = InitiativeFactory(opening_hours="Mo-Fr 09:00-18:00")
    migration.free_text_to_note(apps, None)
    free.refresh_from_db()
    osm.refresh_from_db()
    assert (free.opening_hours, free.opening_hours_note) == ("", "Mercredi 14 h – 18 h\nSamedi 10 h – 12 h")
    assert (osm.opening_hours, osm.opening_hours_note) == ("Mo-Fr 09:00-18:00", "")


def test_the_command_renews_the_periods_for_those_without_a_worker():
    from django.core.management import call_command

    initiative = InitiativeFactory(opening_hours=ALWAYS)
    InitiativeOpening.objects.all().delete()
    out = io.StringIO()
    call_command("refresh_openings", stdout=out)
    assert "1 initiative à jour." in out.getvalue()
    assert InitiativeOpening.objects.filter(initiative=initiative).exists()
