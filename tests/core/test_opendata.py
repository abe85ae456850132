"""/donnees/: every export and feed listed, their schemas validating the real exports, a DCAT catalogue."""

import json

import jsonschema
import pytest
from pytest_django.asserts import assertContains

from cresol.core.opendata import SCHEMAS, datasets
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def some_initiatives():
    InitiativeFactory(
        name="Ressourcerie =HYPERLINK",
        summary="Réparer; revendre",
        founded_year=2019,
        network_member=True,
        siret="12345678901234",
        themes=[Theme.objects.get(slug="habitat")],
    )
    InitiativeFactory(name="Épicerie solidaire", description="Ligne 1\nLigne 2; « guillemets »", founded_year=None)


def test_the_csv_export_is_valid_against_its_table_schema(client, tmp_path):
    from frictionless import Dialect, Resource, Schema, formats

    some_initiatives()
    response = client.get("/initiatives/export.csv")
    path = tmp_path / "initiatives.csv"
    path.write_bytes(b"".join(response.streaming_content))
    schema = Schema.from_descriptor(json.loads(page_text(client.get("/donnees/schemas/initiatives.csv.schema.json"))))
    dialect = Dialect(controls=[formats.CsvControl(delimiter=";")])
    report = Resource(
        path=path.name, basepath=str(tmp_path), schema=schema, dialect=dialect, encoding="utf-8-sig"
    ).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 2
    # The positive control: a schema that said decimals take a point would find the file wrong.
    schema.get_field("latitude").decimal_char = "."
    wrong = Resource(path=path.name, basepath=str(tmp_path), schema=schema, dialect=dialect, encoding="utf-8-sig")
    assert not wrong.validate().valid


def test_the_json_export_is_valid_against_its_json_schema(client):
    some_initiatives()
    document = json.loads(b"".join(client.get("/initiatives/export.json").streaming_content))
    schema = json.loads(page_text(client.get("/donnees/schemas/initiatives.json.schema.json")))
    jsonschema.validate(document, schema, format_checker=jsonschema.FormatChecker())
    assert len(document["initiatives"]) == 2
    document["initiatives"][0]["unexpected"] = 1  # the positive control: the schema does check
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_the_page_lists_every_export_and_feed_and_each_answers(client):
    InitiativeFactory()
    page = page_text(client.get("/donnees/"))
    for dataset in datasets():
        assert dataset.title.replace("'", "&#x27;") in page
        for distribution in dataset.distributions:
            url = distribution.url
            assert f'href="{url}"' in page
            assert client.get(url).status_code == 200, url
    # The ones the audit found missing: the initiatives' RSS, the library's feeds, the people's map, every
    # figure of the observatory.
    missing_before = [
        "/initiatives/flux/",
        "/ressources/flux/",
        "/ressources/flux/atom/",
        "/personnes-ressources/carte.geojson",
        "/observatoire/evenements-par-mois.csv",
        "/observatoire/contributeurs-actifs-par-mois.csv",
    ]
    for url in missing_before:
        assert f'href="{url}"' in page, url
    assertContains(client.get("/"), 'href="/donnees/"')
    assert client.get("/donnees/schemas/settings.py").status_code == 404
    assert client.get("/donnees/schemas/..%2F__init__.py").status_code == 404
    assert sorted(path.name for path in SCHEMAS.glob("*.json")) == [
        "initiatives.csv.schema.json",
        "initiatives.json.schema.json",
    ]


def test_the_dcat_catalogue_describes_every_dataset_for_harvesters(client):
    response = client.get("/donnees/catalogue.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog" and catalogue["dct:language"] == "fr"
    assert [dataset["dct:title"] for dataset in catalogue["dcat:dataset"]] == [dataset.title for dataset in datasets()]
    initiatives = catalogue["dcat:dataset"][0]
    assert initiatives["dct:license"]["@id"] == "https://opendatacommons.org/licenses/odbl/1-0/"
    csv = initiatives["dcat:distribution"][0]
    assert csv["dcat:mediaType"] == "text/csv"
    assert csv["dcat:downloadURL"]["@id"] == "http://testserver/initiatives/export.csv"
    assert csv["dct:conformsTo"]["@id"] == "http://testserver/donnees/schemas/initiatives.csv.schema.json"
