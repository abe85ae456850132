"""/carte/grappes/{z}/{x}/{y}.geojson and /carte/initiatives/resume.json: what the map asks for as it moves."""

import json
import math

import pytest
from django.contrib.gis.geos import Point

from cresol.moderation import services as moderation
from cresol.territories.geometry import WGS84
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db

TOURS = (0.6889, 47.3941)
BOURGES = (2.3987, 47.0810)


def tile_of(lon: float, lat: float, zoom: int) -> tuple[int, int, int]:
    """The tile a position falls in, counted as web maps do."""
    n = 2**zoom
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return zoom, int((lon + 180) / 360 * n), int(y)


def tile(client, z, x, y, **params):
    response = client.get(f"/carte/grappes/{z}/{x}/{y}.geojson", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)["features"]


def near(lon, lat, index):
    """A point a few hundred metres from (lon, lat): neighbours, not the same place."""
    return Point(lon + 0.002 * (index % 5), lat + 0.002 * (index // 5), srid=WGS84)


def themes(*slugs):
    return [Theme.objects.get(slug=slug) for slug in slugs]


def test_far_away_the_initiatives_of_a_town_are_one_cluster_with_its_main_themes(client):
    for index in range(24):
        InitiativeFactory(point=near(*TOURS, index), themes=themes("reemploi-zero-dechet"))
    for index in range(24, 40):
        InitiativeFactory(point=near(*TOURS, index), themes=themes("mobilite"))
    InitiativeFactory(point=near(*BOURGES, 0), name="Atelier vélo de Bourges", themes=themes("mobilite"))

    features = tile(client, *tile_of(*TOURS, 6))  # the region is in one tile at zoom 6
    clusters = [f for f in features if "count" in f["properties"]]
    alone = [f for f in features if "count" not in f["properties"]]
    assert len(clusters) == 1
    cluster = clusters[0]["properties"]
    assert cluster["count"] == 40
    assert cluster["themes"] == [[themes("reemploi-zero-dechet")[0].pk, 24], [themes("mobilite")[0].pk, 16]]
    lon, lat = clusters[0]["geometry"]["coordinates"]
    assert abs(lon - (TOURS[0] + 0.004)) < 0.01 and abs(lat - (TOURS[1] + 0.004)) < 0.01  # their centre
    # Bourges is in another cell: its one initiative is shown as itself, with what a marker needs.
    assert [f["properties"]["name"] for f in alone] == ["Atelier vélo de Bourges"]
    assert alone[0]["properties"]["url"] == f"/i/{alone[0]['id']}"
    assert alone[0]["properties"]["theme"] == themes("mobilite")[0].pk


def test_close_up_or_when_few_every_initiative_is_shown_on_its_own(client):
    for index in range(5):
        InitiativeFactory(point=near(*BOURGES, index), name=f"Ressourcerie {index}")
    features = tile(client, *tile_of(*BOURGES, 6))
    assert sorted(f["properties"]["name"] for f in features) == [f"Ressourcerie {i}" for i in range(5)]
    # Forty in one street: clusters while the tile holds more than 32, one by one from zoom 15.
    for index in range(5, 40):
        InitiativeFactory(point=Point(TOURS[0] + 0.00005 * index, TOURS[1], srid=WGS84))
    assert all("count" in f["properties"] for f in tile(client, *tile_of(TOURS[0] + 0.001, TOURS[1], 13)))
    assert all("count" in f["properties"] for f in tile(client, *tile_of(TOURS[0] + 0.001, TOURS[1], 14)))
    close = tile(client, *tile_of(TOURS[0] + 0.001, TOURS[1], 15))
    assert close and all("count" not in f["properties"] for f in close)


def test_an_initiative_is_in_exactly_one_tile_even_on_their_edge(client):
    InitiativeFactory(point=Point(0.0, 47.0, srid=WGS84))  # the Greenwich meridian: x = 1/2, an edge at zoom 1
    InitiativeFactory(point=Point(1.5, 47.5, srid=WGS84))
    counted = []
    for x in (0, 1):
        for y in (0, 1):
            counted += [f["properties"].get("count", 1) for f in tile(client, 1, x, y)]
    assert sum(counted) == 2
    assert len(tile(client, 1, 1, 0)) == 2 and tile(client, 1, 0, 0) == []  # both east of the meridian


def test_the_maps_filters_apply_to_the_tiles_and_the_summary(client):
    InitiativeFactory(point=near(*TOURS, 0), themes=themes("mobilite"), kind="association")
    InitiativeFactory(point=near(*TOURS, 1), themes=themes("habitat"), kind="scic")
    InitiativeFactory(point=near(*BOURGES, 0), themes=themes("mobilite"), kind="association")
    z, x, y = tile_of(*TOURS, 6)
    assert len(tile(client, z, x, y)) == 3
    assert len(tile(client, z, x, y, theme="mobilite")) == 2
    assert len(tile(client, z, x, y, type="scic", departement="37")) == 1

    summary = client.get("/carte/initiatives/resume.json", {"theme": "mobilite"}).json()
    assert summary["count"] == 2
    west, south, east, north = summary["bbox"]
    assert west == pytest.approx(TOURS[0], abs=1e-4) and east == pytest.approx(BOURGES[0], abs=1e-4)
    assert south == pytest.approx(BOURGES[1], abs=1e-4) and north == pytest.approx(TOURS[1], abs=1e-4)
    assert client.get("/carte/initiatives/resume.json", {"q": "introuvable"}).json() == {"count": 0, "bbox": None}


def test_the_unfiltered_tiles_own_sql_answers_as_the_filters_path_does(client):
    """An unfiltered tile runs SQL written by hand (clusters.ALL_PUBLISHED_SQL), a filtered one the ORM's:
    with filters that select everything, both must give the same tile, unpublished rows left out."""
    for index in range(40):
        InitiativeFactory(point=near(*TOURS, index), themes=themes("mobilite" if index % 3 else "habitat"))
    InitiativeFactory(point=near(*BOURGES, 0), name="Seule à Bourges")
    InitiativeFactory(point=near(*BOURGES, 1), name="En attente", status="pending", published_at=None)
    for zoom in (6, 15):
        coordinates = tile_of(*BOURGES, zoom)
        by_hand = tile(client, *coordinates)
        assert by_hand == tile(client, *coordinates, departement="")  # an empty filter: the ORM's path
        assert "En attente" not in json.dumps(by_hand, ensure_ascii=False)
    assert [f["properties"]["name"] for f in tile(client, *tile_of(*BOURGES, 15))] == ["Seule à Bourges"]
    assert any("count" in f["properties"] for f in tile(client, *tile_of(*TOURS, 6)))


def test_bad_tiles_and_filters_are_told_in_french(client):
    response = client.get("/carte/grappes/2/4/0.geojson")  # zoom 2 has columns 0 to 3
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()
    assert client.get("/carte/grappes/19/0/0.geojson").status_code == 404  # beyond the closest zoom
    response = client.get("/carte/grappes/2/1/1.geojson", {"theme": "inconnue", "lat": "47"})
    assert response.status_code == 400
    assert set(response.json()["details"]) == {"theme", "__all__"}
    assert client.get("/carte/grappes/2/1/1.geojson").status_code == 200  # the positive control


def test_a_tile_costs_the_same_queries_whatever_it_holds(client, django_assert_num_queries, page_cache_off):
    z, x, y = tile_of(*TOURS, 6)
    InitiativeFactory(point=near(*TOURS, 0))
    with django_assert_num_queries(1):  # the tile
        assert len(tile(client, z, x, y)) == 1
    with django_assert_num_queries(2) as filtered:  # and the themes the filter checks
        assert len(tile(client, z, x, y, theme="reemploi-zero-dechet")) == 1
    for index in range(1, 40):
        InitiativeFactory(point=near(*TOURS, index), themes=themes("mobilite" if index % 2 else "habitat"))
    InitiativeFactory(point=near(*BOURGES, 0), name="Seule à Bourges")
    with django_assert_num_queries(1):
        features = tile(client, z, x, y)
    assert sum(f["properties"].get("count", 1) for f in features) == 41
    assert "Seule à Bourges" in [f["properties"].get("name") for f in features]
    with django_assert_num_queries(len(filtered.captured_queries)):
        features = tile(client, z, x, y, theme="mobilite")
    assert sum(f["properties"].get("count", 1) for f in features) == 20


@pytest.mark.parametrize("page_cache", [False, True])
def test_publishing_or_unpublishing_shows_at_once_in_the_clustered_view(client, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    moderator = UserFactory(is_staff=True)
    InitiativeFactory(point=near(*TOURS, 0), name="Déjà là")
    pending = InitiativeFactory(point=near(*TOURS, 1), name="Atelier vélo", status="pending", published_at=None)
    coordinates = tile_of(*TOURS, 6)
    url = "/carte/grappes/{}/{}/{}.geojson".format(*coordinates)

    def names(response):
        return sorted(f["properties"]["name"] for f in json.loads(response.content)["features"])

    first = client.get(url)
    assert names(first) == ["Déjà là"]
    assert names(client.get(url)) == ["Déjà là"]  # a second visitor: from the page cache when it is on
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert first["Cache-Control"] == "public, max-age=0, must-revalidate"

    moderation.moderation_approve(obj=pending, by=moderator)
    published = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert published.status_code == 200
    assert names(published) == ["Atelier vélo", "Déjà là"]
    assert client.get("/carte/initiatives/resume.json").json()["count"] == 2

    pending.refresh_from_db()
    moderation.moderation_archive(obj=pending, by=moderator)
    withdrawn = client.get(url, HTTP_IF_NONE_MATCH=published["ETag"])
    assert withdrawn.status_code == 200
    assert names(withdrawn) == ["Déjà là"]
    assert client.get("/carte/initiatives/resume.json").json()["count"] == 1
