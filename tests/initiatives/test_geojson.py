"""/carte/initiatives.geojson: what the map and partners read."""

import gzip
import json

import pytest

from cresol.themes.models import Theme
from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db

URL = "/carte/initiatives.geojson"


def collection(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def test_it_is_an_rfc7946_feature_collection_with_only_what_the_map_needs(client):
    initiative = InitiativeFactory(name='Le "Repair" café', slug="repair-cafe")
    data = collection(client)
    assert data["type"] == "FeatureCollection"
    assert data["license"] == "ODbL-1.0"
    [feature] = data["features"]
    assert feature["type"] == "Feature"
    assert feature["id"] == initiative.pk
    assert feature["geometry"]["type"] == "Point"
    lon, lat = feature["geometry"]["coordinates"]
    assert (lon, lat) == (round(initiative.point.x, 5), round(initiative.point.y, 5))
    assert feature["properties"] == {
        "name": 'Le "Repair" café',
        "url": f"/i/{initiative.pk}",
        "theme": Theme.objects.get(slug="reemploi-zero-dechet").pk,
    }


def test_a_feature_weighs_less_than_200_bytes(client):
    from initiatives.generator import build, save_generated

    save_generated(build(60, seed=7))
    response = client.get(URL)
    data = json.loads(response.content)
    assert len(data["features"]) == 60
    assert len(response.content) / 60 < 200


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "habitat"}, {"Habitat partagé"}),
        ({"departement": "18"}, {"Ressourcerie de Bourges"}),
        ({"epci": "243700754"}, {"Habitat partagé", "Atelier de Tours"}),
        ({"commune": "18033"}, {"Ressourcerie de Bourges"}),
        ({"commune": "bourges"}, {"Ressourcerie de Bourges"}),
        ({"q": "atelier"}, {"Atelier de Tours"}),
        ({"type": "scic"}, {"Atelier de Tours"}),
        ({"bbox": "2.3,47.0,2.5,47.2"}, {"Ressourcerie de Bourges"}),
        ({"lat": "47.08", "lon": "2.39", "rayon": "5"}, {"Ressourcerie de Bourges"}),
        ({"lat": "47.08", "lon": "2.39", "rayon": "50"}, {"Ressourcerie de Bourges"}),
        ({"lat": "47.39", "lon": "0.69", "rayon": "10"}, {"Habitat partagé", "Atelier de Tours"}),
    ],
)
def test_the_filters_narrow_the_collection(client, params, expected):
    InitiativeFactory(name="Habitat partagé", themes=[Theme.objects.get(slug="habitat")])
    InitiativeFactory(name="Atelier de Tours", kind="scic")
    InitiativeFactory(name="Ressourcerie de Bourges", commune=_commune("18033"), point=_commune("18033").point)
    names = {feature["properties"]["name"] for feature in collection(client, **params)["features"]}
    assert names == expected


def _commune(code):
    from cresol.territories.models import Commune

    return Commune.objects.get(code=code)


@pytest.mark.parametrize(
    "bbox", ["1,2,3", "a,b,c,d", "3,47,1,48", "0,95,1,96", "1,2,3,4,5", "nan,nan,nan,nan", "'" * 200]
)
def test_a_malformed_bbox_is_a_400_with_a_json_error(client, bbox):
    response = client.get(URL, {"bbox": bbox})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Paramètres invalides."
    assert "bbox" in body["details"]


@pytest.mark.parametrize("params", [{"theme": "inconnue"}, {"departement": "75"}, {"lat": "47"}, {"rayon": "7"}])
def test_other_malformed_parameters_are_400s_too(client, params):
    assert client.get(URL, params).status_code == 400


def test_an_unchanged_collection_answers_304_to_its_etag(client):
    InitiativeFactory()
    first = client.get(URL)
    etag = first["ETag"]
    assert first["Last-Modified"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    InitiativeFactory(name="Nouvelle")
    assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_collection_is_gzipped_for_clients_that_accept_it(client):
    InitiativeFactory.create_batch(5)
    response = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["features"]) == 5


def test_the_permalink_of_a_feature_leads_to_its_page(client):
    InitiativeFactory(slug="atelier-velo")
    [feature] = collection(client)["features"]
    response = client.get(feature["properties"]["url"])
    assert response.status_code == 301
    assert response["Location"] == "/initiatives/atelier-velo/"


def test_the_collection_runs_the_same_queries_for_5_or_60_initiatives(
    client, page_cache_off, django_assert_num_queries
):
    from initiatives.generator import build, save_generated

    params = {"theme": "habitat", "departement": "37"}
    save_generated(build(5, seed=3))
    with django_assert_num_queries(4) as few:
        before = json.loads(page_text(client.get(URL, params)))["features"]
    save_generated(build(55, seed=4, slug_prefix="more-"))
    with django_assert_num_queries(len(few.captured_queries)):
        after = json.loads(page_text(client.get(URL, params)))["features"]
    assert len(after) > len(before)  # the same queries, for more features


def test_a_large_collection_is_streamed_and_is_the_same_document(client, monkeypatch):
    from initiatives import views

    for number in range(7):
        InitiativeFactory(name=f"Ressourcerie {number}")
    whole = client.get(URL)
    assert not whole.streaming  # the positive control: a small map is one string, kept by the page cache
    monkeypatch.setattr(views, "STREAM_ABOVE", 3)
    monkeypatch.setattr("cresol.core.geojson.STREAMED_ROWS", 2)  # four reads of the server-side cursor
    streamed = client.get(URL, {"theme": "reemploi-zero-dechet"})
    assert streamed.status_code == 200 and streamed.streaming
    assert streamed["Content-Type"] == "application/geo+json"
    document = json.loads(b"".join(streamed.streaming_content))
    assert document["license"] == "ODbL-1.0"
    by_id = lambda features: sorted(features, key=lambda f: f["id"])  # noqa: E731
    assert by_id(document["features"]) == by_id(json.loads(whole.content)["features"])
    compressed = client.get(URL, {"type": "association"}, HTTP_ACCEPT_ENCODING="gzip")
    assert compressed.streaming and compressed["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(b"".join(compressed.streaming_content)))["features"]) == 7
    empty = client.get(URL, {"commune": "Genouilly"})  # a filter that matches nothing: still a document
    assert json.loads(empty.content)["features"] == []
