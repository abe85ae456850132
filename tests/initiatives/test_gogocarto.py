"""/initiatives/export.gogocarto.json: Archipel O Centre as a source of GoGoCarto-based maps.

The shape follows GoGoCarto's element format (GoGoCartoJs's documentation: name, geo.latitude and
geo.longitude, categories, a schema.org-like address; any other attribute is kept as data)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cresol.moderation.models import Status
from cresol.territories.models import Commune
from cresol.themes.models import Theme
from initiatives.models import Initiative, InitiativeImport
from tests.factories import InitiativeFactory, ModeratorFactory
from tests.http import page_text

from .gogocarto_reading import import_json

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
    assert element["source"] == "Archipel O Centre" and element["updatedAt"]


def test_the_gogocarto_export_takes_the_maps_filters(client):
    InitiativeFactory(name="Habitat groupé", themes=[Theme.objects.get(slug="habitat")])
    InitiativeFactory(name="Ressourcerie")
    document = json.loads(
        b"".join(client.get("/initiatives/export.gogocarto.json", {"theme": "habitat"}).streaming_content)
    )
    assert [element["name"] for element in document["data"]] == ["Habitat groupé"]
    assert client.get("/initiatives/export.gogocarto.json", {"departement": "99"}).status_code == 400


def test_the_gogocarto_round_trip_export_gogocartos_reading_then_our_import(client):
    """Our export read as GoGoCarto's import code reads a source, then the same file imported back by staff:
    duplicates found while the originals exist, and every field back once they are gone."""
    habitat, energie = Theme.objects.get(slug="habitat"), Theme.objects.get(slug="energie-climat")
    original = InitiativeFactory(
        name="Habitat groupé des Tanneurs",
        summary="Douze foyers, un jardin.",
        description="**Depuis 2012**.",
        address="3 rue des Tanneurs",
        email="contact@tanneurs.example.org",
        phone="02 47 00 00 00",
        opening_hours="Sa 10:00-12:00",
        opening_hours_note="Visites sur rendez-vous",
        themes=[habitat, energie],
    )
    original.tags.add("habitat participatif")
    InitiativeFactory(
        name="Épicerie de Vierzon", commune=Commune.objects.get(name="Vierzon"), website="https://epicerie.example.org"
    )
    exported = b"".join(client.get("/initiatives/export.gogocarto.json").streaming_content)

    # GoGoCarto's reading, with an aggregator's taxonomy named as ours.
    options = list(Theme.objects.order_by("pk").values_list("name", flat=True))
    elements = {element["name"]: element for element in import_json(exported.decode(), options)}
    tanneurs = elements["Habitat groupé des Tanneurs"]
    assert tanneurs["oldId"] == f"archipel-o-centre-{original.pk}"
    assert tanneurs["geo"] == (round(original.point.y, 6), round(original.point.x, 6)) and not tanneurs["geolocError"]
    assert tanneurs["address"] == ("3 rue des Tanneurs", "Tours", "37000", "FR")
    assert tanneurs["email"] == "contact@tanneurs.example.org" and tanneurs["sourceKey"] == "Archipel O Centre"
    assert sorted(options[index] for index in tanneurs["optionIds"]) == ["Habitat", "Énergie et climat"]
    assert tanneurs["data"]["description"] == "Douze foyers, un jardin."
    assert tanneurs["data"]["telephone"] == "02 47 00 00 00" and tanneurs["data"]["osmOpeningHours"] == "Sa 10:00-12:00"
    assert tanneurs["data"]["openHours"] == {"Sa": "10:00-12:00"}
    assert elements["Épicerie de Vierzon"]["address"][1] == "Vierzon"

    staff = client
    staff.force_login(ModeratorFactory())

    def dry_run():
        upload = SimpleUploadedFile("carte-gogocarto.json", exported, content_type="application/json")
        response = staff.post("/admin/initiatives/initiative/importer/", {"file": upload})
        assert response.status_code == 302
        return page_text(staff.get(response["Location"])), InitiativeImport.objects.latest("created_at")

    report, _batch = dry_run()
    assert "2 lignes lues : 0 à créer, 2 doublons possibles, 0 en erreur." in report
    Initiative.objects.all().delete()
    report, batch = dry_run()
    assert "2 lignes lues : 2 à créer" in report
    staff.post(f"/admin/initiatives/initiative/importer/{batch.pk}/")
    back = Initiative.objects.get(name="Habitat groupé des Tanneurs")
    assert back.status == "pending"
    assert (back.summary, back.description, back.address, back.email, back.phone) == (
        "Douze foyers, un jardin.",
        "**Depuis 2012**.",
        "3 rue des Tanneurs",
        "contact@tanneurs.example.org",
        "02 47 00 00 00",
    )
    assert (back.opening_hours, back.opening_hours_note, back.kind) == (
        "Sa 10:00-12:00",
        "Visites sur rendez-vous",
        "association",
    )
    assert sorted(theme.slug for theme in back.themes.all()) == ["energie-climat", "habitat"]
    assert list(back.tags.names()) == ["habitat participatif"] and back.commune.code == "37261"
    assert (round(back.point.y, 6), round(back.point.x, 6)) == (round(original.point.y, 6), round(original.point.x, 6))
    assert Initiative.objects.get(name="Épicerie de Vierzon").commune.name == "Vierzon"


def test_a_json_that_is_not_gogocartos_is_refused_in_french(client):
    client.force_login(ModeratorFactory())
    for content, message in ((b'{"data": 3}', "liste"), (b"{ pas du json", "illisible")):
        upload = SimpleUploadedFile("carte.json", content, content_type="application/json")
        response = client.post("/admin/initiatives/initiative/importer/", {"file": upload})
        assert response.status_code == 400 and message in page_text(response, 400)
