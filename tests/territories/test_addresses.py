"""Typing an address places the point: the server asks the Base Adresse Nationale (here a local server
that answers like it), keeps the region's answers, and says clearly when the service fails."""

import json

import pytest

pytestmark = pytest.mark.django_db

BAN_ANSWER = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [0.688, 47.3941]},
            "properties": {
                "label": "12 Rue Nationale 37000 Tours",
                "citycode": "37261",
                "city": "Tours",
                "postcode": "37000",
                "score": 0.97,
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-1.55, 47.21]},
            "properties": {"label": "12 Rue Nationale 44000 Nantes", "citycode": "44109", "city": "Nantes"},
        },
    ],
}


@pytest.fixture
def ban(http_server, settings):
    route = http_server.route(
        "/search/", body=json.dumps(BAN_ANSWER).encode(), headers={"Content-Type": "application/json"}
    )
    settings.ADDRESS_SEARCH_URL = http_server.url("/search/")
    return route


def test_an_address_is_found_in_the_region_only(client, ban):
    response = client.get("/territoires/adresses/", {"q": "12 rue Nationale Tours"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "label": "12 Rue Nationale 37000 Tours",
            "lat": 47.3941,
            "lon": 0.688,
            "commune_code": "37261",
            "commune": "Tours",
        },
    ]  # Nantes is not in Centre-Val de Loire: left out
    assert "q=12+rue+Nationale+Tours" in ban.last_path


def test_bad_input_a_failing_service_and_a_service_turned_off_get_clear_answers(client, http_server, settings, ban):
    assert client.get("/territoires/adresses/", {"q": "ab"}).status_code == 400
    http_server.route("/search/", body=b"not json", status=500)
    broken = client.get("/territoires/adresses/", {"q": "12 rue Nationale"})
    assert broken.status_code == 503 and "placez le point à la main" in broken.json()["error"]
    http_server.route("/search/", body=json.dumps(BAN_ANSWER).encode(), delay=4)
    slow = client.get("/territoires/adresses/", {"q": "12 rue Nationale"})
    assert slow.status_code == 503  # a 3-second timeout: the form never waits longer
    settings.ADDRESS_SEARCH_URL = ""
    assert client.get("/territoires/adresses/", {"q": "12 rue Nationale"}).status_code == 404
