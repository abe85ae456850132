"""/initiatives/export.gogocarto.json: Archipel O Centre as a source of GoGoCarto-based maps.

The shape follows GoGoCarto's element format (GoGoCartoJs's documentation: name, geo.latitude and
geo.longitude, categories, a schema.org-like address; any other attribute is kept as data)."""

import json

import pytest

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_the_gogocarto_export_has_the_fields_its_import_reads_field_by_field(client):
    habitat, energie = Theme.objects.get(slug="habitat"), Theme.objects.get(slug="energie-climat")
    initiative = InitiativeFactory(
        name="Habitat groupé des Tanneurs",
        summary="Douze foyers, un jardin.",
        description="**Depuis 2012**.",
        address="3 rue des Tanneurs",
        email="contact@tanneurs.example.org",
        phone="02 47 00 00 00",
        themes=[habitat, energie],
    )
    InitiativeFactory(name="En attente", status=Status.PENDING, published_at=None)
    response = client.get("/initiatives/export.gogocarto.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(b"".join(response.streaming_content))
    assert document["licence"] == "ODbL-1.0" and document["source"] == "Archipel O Centre"
    [element] = document["data"]
    assert element["id"] == f"archipel-o-centre-{initiative.pk}"
    assert element["name"] == "Habitat groupé des Tanneurs"
    assert element["geo"] == {"latitude": round(initiative.point.y, 6), "longitude": round(initiative.point.x, 6)}
    assert element["address"] == {
        "streetAddress": "3 rue des Tanneurs",
        "postalCode": "37000",
        "addressLocality": "Tours",
        "addressCountry": "FR",
        "customFormatedAddress": "3 rue des Tanneurs, 37000 Tours",
    }
    assert element["categories"] == ["Habitat", "Énergie et climat"]
    assert element["description"] == "Douze foyers, un jardin."
    assert element["descriptionMore"] == "**Depuis 2012**."
    assert element["type"] == "Association"
    assert (element["website"], element["email"], element["telephone"]) == (
        "https://ressourcerie.example.org",
        "contact@tanneurs.example.org",
        "02 47 00 00 00",
    )
    assert element["url"].endswith(initiative.get_absolute_url())
    assert element["sourceKey"] == "Archipel O Centre" and element["updatedAt"]


def test_the_gogocarto_export_takes_the_maps_filters(client):
    InitiativeFactory(name="Habitat groupé", themes=[Theme.objects.get(slug="habitat")])
    InitiativeFactory(name="Ressourcerie")
    document = json.loads(
        b"".join(client.get("/initiatives/export.gogocarto.json", {"theme": "habitat"}).streaming_content)
    )
    assert [element["name"] for element in document["data"]] == ["Habitat groupé"]
    assert client.get("/initiatives/export.gogocarto.json", {"departement": "99"}).status_code == 400
