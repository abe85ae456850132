"""Open data exports: CSV for French spreadsheets, JSON for programs, licence stated in the files."""

import csv
import io
import json

import pytest

from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_the_csv_opens_in_french_spreadsheets_and_states_the_licence(client):
    InitiativeFactory(name="Épicerie ; solidaire", phone="02 47 00 00 00")
    response = client.get("/initiatives/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.getvalue().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0]["nom"] == "Épicerie ; solidaire"
    assert rows[0]["telephone"] == "02 47 00 00 00"
    assert rows[0]["thematiques"] == "reemploi-zero-dechet"
    assert "ODbL 1.0" in rows[0]["licence"]


def test_the_csv_uses_commas_on_request(client):
    InitiativeFactory()
    body = client.get("/initiatives/export.csv", {"sep": ","}).getvalue().decode("utf-8-sig")
    assert body.splitlines()[0].startswith("id,slug,nom,")


def test_the_json_export_has_stable_ids_every_public_field_and_the_licence(client):
    initiative = InitiativeFactory(siret="44306184100047")
    data = json.loads(client.get("/initiatives/export.json").getvalue())
    assert data["licence"] == "ODbL-1.0"
    [row] = data["initiatives"]
    assert row["id"] == initiative.pk
    assert row["siret"] == "44306184100047"
    assert row["commune_code"] == "37261"
    assert row["url"] == f"http://testserver/initiatives/{initiative.slug}/"


def test_exports_follow_the_filters(client):
    InitiativeFactory(name="À Tours")
    from cresol.territories.models import Commune

    bourges = Commune.objects.get(code="18033")
    InitiativeFactory(name="À Bourges", commune=bourges, point=bourges.point)
    data = json.loads(client.get("/initiatives/export.json", {"departement": "18"}).getvalue())
    assert [row["name"] for row in data["initiatives"]] == ["À Bourges"]


def test_exports_run_the_same_queries_for_5_or_40_initiatives(client, page_cache_off, django_assert_num_queries):
    from initiatives.generator import build, save_generated

    save_generated(build(5, seed=1))
    counts = {}
    for url in ("/initiatives/export.csv", "/initiatives/export.json"):
        with django_assert_num_queries(99, exact=False) as captured:
            assert page_text(client.get(url)).count("/initiatives/") == 5
        counts[url] = len(captured.captured_queries)
    save_generated(build(35, seed=2, slug_prefix="b-"))
    for url, count in counts.items():
        with django_assert_num_queries(count):
            assert page_text(client.get(url)).count("/initiatives/") == 40


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_written_as_text(client):
    import csv
    import io

    InitiativeFactory(
        name='=HYPERLINK("http://evil.example";"clic")',
        summary="+1+cmd|' /C calc'!A0",
        phone="@SUM(1+1)",
        address="-2+3",
        opening_hours_note="\tlundi",
    )
    InitiativeFactory(name="Épicerie ordinaire", phone="02 47 00 00 00")
    content = client.get("/initiatives/export.csv").getvalue().decode("utf-8-sig")
    rows = {row["nom"]: row for row in csv.DictReader(io.StringIO(content), delimiter=";")}
    hostile = rows['\'=HYPERLINK("http://evil.example";"clic")']
    assert hostile["description_courte"] == "'+1+cmd|' /C calc'!A0"
    assert hostile["telephone"] == "'@SUM(1+1)"
    assert hostile["adresse"] == "'-2+3"
    assert hostile["horaires_precisions"] == "'\tlundi"
    for row in rows.values():
        assert not any(str(cell).startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row
    ordinary = rows["Épicerie ordinaire"]
    assert ordinary["telephone"] == "02 47 00 00 00" and ordinary["latitude"].startswith("47,")
    # The JSON export is data for programs: it keeps the text exactly as typed.
    names = {item["name"] for item in json.loads(client.get("/initiatives/export.json").getvalue())["initiatives"]}
    assert '=HYPERLINK("http://evil.example";"clic")' in names


def test_a_french_csv_writes_decimal_commas_and_oui_non_and_the_international_one_does_not(client):
    InitiativeFactory(network_member=True)
    french = next(
        csv.DictReader(io.StringIO(client.get("/initiatives/export.csv").getvalue().decode("utf-8-sig")), delimiter=";")
    )
    assert french["latitude"].startswith("47,") and "." not in french["latitude"]
    assert french["membre_reseau_cresol"] == "oui"
    international = next(
        csv.DictReader(io.StringIO(client.get("/initiatives/export.csv", {"sep": ","}).getvalue().decode("utf-8-sig")))
    )
    assert international["latitude"].startswith("47.")
    assert international["membre_reseau_cresol"] == "true"
