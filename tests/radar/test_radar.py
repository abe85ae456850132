"""The radar of social innovation: filled by an initiative's contributor, drawn, kept per date, private
until published, exported, and versioned when staff change the grid."""

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains

from cresol.moderation.models import Status
from initiatives.radar import services
from initiatives.radar.models import Assessment, Grid
from initiatives.radar.scores import MIN_INITIATIVES, grouped_radars
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory
from tests.http import page_text
from tests.radar.answers import answers_all, form_data, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def initiative(member):
    return InitiativeFactory(name="Ressourcerie du Cher", slug="ressourcerie-du-cher", submitted_by=member)


def test_a_contributor_fills_the_radar_twice_months_apart_and_sees_both_on_one_chart(
    client, member, initiative, radar_grid
):
    services.assessment_fill(
        initiative=initiative,
        grid=radar_grid,
        answers=answers_all(radar_grid, 1),
        by=member,
        filled_on=date(2026, 3, 2),
    )
    client.force_login(member)
    form = page_text(client.get("/radar/ressourcerie-du-cher/remplir/"))
    assert "Participation et gouvernance" in form and "Je ne sais pas" in form
    # Today: better on the first axes, the last one left to "je ne sais pas".
    levels = [4, 4, 4, 3, 3, 3, 2, 2, 2, 1, 1, 1, None, None, None]
    response = client.post("/radar/ressourcerie-du-cher/remplir/", form_data(radar_grid, levels))
    assert response.status_code == 302 and response["Location"] == "/radar/ressourcerie-du-cher/"
    page = page_text(client.get("/radar/ressourcerie-du-cher/"))
    assert "2 radars remplis" in page
    # One chart, two polygons told apart by their dashes, and the table with both dates.
    assert page.count('<svg class="radar__chart"') == 1
    assert page.count('class="radar__area"') == 2 and 'stroke-dasharray="7 4"' in page
    assert "02/03/2026" in page
    today = Assessment.objects.latest("id")
    assert today.scores == [100.0, 75.0, 50.0, 25.0, None]
    assert f"{today.filled_on:%d/%m/%Y}" in page
    assert '<th scope="row">Réponse à un besoin social</th><td>25</td><td>100</td>' in page
    assert "non renseigné" in page  # the last axis, not a zero


def test_the_chart_is_an_image_with_a_text_alternative_giving_the_figures(client, member, initiative, radar_grid):
    levels = [4, 4, 4, 2, 2, 2, 0, 0, 0, None, None, None, 4, 4, 4]
    services.assessment_fill(
        initiative=initiative,
        grid=radar_grid,
        answers=dict(zip([q.pk for q in questions_of(radar_grid)], [(level, "") for level in levels], strict=True)),
        by=member,
    )
    client.force_login(member)
    page = page_text(client.get("/radar/ressourcerie-du-cher/"))
    assert 'role="img" aria-labelledby="radar-v1-title radar-v1-desc"' in page
    assert '<title id="radar-v1-title">Radar de Ressourcerie du Cher</title>' in page
    assert (
        "Besoin social 100 sur 100, Gouvernance 50 sur 100, Ancrage territorial 0 sur 100, "
        "Modèle économique non renseigné, Effets et essaimage 100 sur 100." in page
    )


def test_every_answer_on_dont_know_is_refused_and_the_comments_are_kept(client, member, initiative, radar_grid):
    client.force_login(member)
    first = questions_of(radar_grid)[0]
    data = form_data(radar_grid, [None] * 15, comments={first.pk: "Nous en parlons en CA le mois prochain."})
    response = client.post("/radar/ressourcerie-du-cher/remplir/", data)
    assertContains(response, "Répondez à au moins une question")
    assertContains(response, "Nous en parlons en CA le mois prochain.")
    assert not Assessment.objects.exists()
    # A level off the scale is a form error beside the question, not a 500.
    data = form_data(radar_grid, [9] + [None] * 14)
    assertContains(client.post("/radar/ressourcerie-du-cher/remplir/", data), "Sélectionnez un choix valide")


def test_only_the_contributor_and_the_moderators_fill_or_read_an_initiatives_radar(
    client, member, initiative, radar_grid
):
    services.assessment_fill(initiative=initiative, grid=radar_grid, answers=answers_all(radar_grid, 2), by=member)
    assert client.get("/radar/ressourcerie-du-cher/").status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get("/radar/ressourcerie-du-cher/").status_code == 403
    assert client.post("/radar/ressourcerie-du-cher/remplir/", form_data(radar_grid, [4] * 15)).status_code == 403
    assert client.get("/radar/ressourcerie-du-cher/export.json").status_code == 403
    client.force_login(ModeratorFactory())
    assertContains(client.get("/radar/ressourcerie-du-cher/"), "1 radar rempli")
    client.force_login(member)
    assertContains(client.get("/radar/ressourcerie-du-cher/"), "1 radar rempli")


def test_an_initiative_not_published_has_no_radar_yet(client, member, radar_grid):
    InitiativeFactory(slug="en-attente", submitted_by=member, status=Status.PENDING)
    InitiativeFactory(slug="publiee", submitted_by=member)
    client.force_login(member)
    assert client.get("/radar/en-attente/remplir/").status_code == 404
    assert client.get("/radar/publiee/remplir/").status_code == 200  # the positive control: published, it has one


def test_a_radar_stays_private_until_its_contributor_shows_it_on_the_initiatives_page(
    client, member, initiative, radar_grid
):
    services.assessment_fill(initiative=initiative, grid=radar_grid, answers=answers_all(radar_grid, 3), by=member)
    assessment = Assessment.objects.get()
    page = page_text(client.get(initiative.get_absolute_url()))
    assert "Ressourcerie du Cher" in page and 'id="radar-title"' not in page
    client.force_login(member)
    client.post(f"/radar/ressourcerie-du-cher/{assessment.pk}/publication/", {"public": "1"})
    client.logout()
    page = page_text(client.get(initiative.get_absolute_url()))
    assert 'id="radar-title"' in page and "<td>75</td>" in page
    # Someone else cannot take it back, the contributor can.
    client.force_login(UserFactory())
    assert client.post(f"/radar/ressourcerie-du-cher/{assessment.pk}/publication/", {"public": "0"}).status_code == 403
    client.force_login(member)
    client.post(f"/radar/ressourcerie-du-cher/{assessment.pk}/publication/", {"public": "0"})
    client.logout()
    assertNotContains(client.get(initiative.get_absolute_url()), 'id="radar-title"')


def test_the_exports_give_every_answer_with_its_question_level_and_comment(client, member, initiative, radar_grid):
    first = questions_of(radar_grid)[0]
    answers = answers_all(radar_grid, 2)
    answers[first.pk] = (4, "Enquête auprès de 40 habitants ; « besoin » confirmé")
    services.assessment_fill(
        initiative=initiative, grid=radar_grid, answers=answers, by=member, filled_on=date(2026, 5, 4)
    )
    client.force_login(member)
    response = client.get("/radar/ressourcerie-du-cher/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 15
    assert rows[0] == {
        "date": "2026-05-04",
        "version_grille": "1",
        "publie": "0",
        "axe": "Réponse à un besoin social",
        "score_axe": "66.7",
        "question": first.text,
        "niveau": "4",
        "niveau_libelle": "Pleinement",
        "commentaire": "Enquête auprès de 40 habitants ; « besoin » confirmé",
    }
    document = json.loads(client.get("/radar/ressourcerie-du-cher/export.json").content)
    assert document["initiative"] == "Ressourcerie du Cher"
    assert document["radars"][0]["axes"][1] == {"nom": "Participation et gouvernance", "score": 50.0}
    assert document["radars"][0]["reponses"][0]["niveau_libelle"] == "Pleinement"


def test_the_history_page_runs_the_same_queries_for_one_radar_or_six(
    client, member, initiative, radar_grid, page_cache_off
):
    client.force_login(member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = page_text(client.get("/radar/ressourcerie-du-cher/"))
        return len(queries), page

    services.assessment_fill(initiative=initiative, grid=radar_grid, answers=answers_all(radar_grid, 1), by=member)
    one, page = count()
    assert "1 radar rempli" in page
    for month in range(1, 6):
        services.assessment_fill(
            initiative=initiative,
            grid=radar_grid,
            answers=answers_all(radar_grid, 2),
            by=member,
            filled_on=date(2026, month, 1),
        )
    six, page = count()
    assert "6 radars remplis" in page and page.count('class="radar__area"') == 5  # the five latest drawn
    assert six == one


def test_a_new_grid_version_keeps_the_earlier_radars_readable(client, member, initiative, radar_grid):
    services.assessment_fill(
        initiative=initiative,
        grid=radar_grid,
        answers=answers_all(radar_grid, 2),
        by=member,
        filled_on=date(2026, 1, 10),
    )
    assert radar_grid.is_frozen
    version_2 = services.grid_new_version(grid=radar_grid)
    assert version_2.version == 2 and Grid.objects.current() == radar_grid  # prepared, not yet in use
    axis = version_2.axes.get(order=0)
    axis.questions.filter(order=0).update(text="Les personnes concernées ont participé au diagnostic du besoin.")
    services.grid_put_in_use(grid=version_2)
    assert Grid.objects.current() == version_2
    client.force_login(member)
    assertContains(client.get("/radar/ressourcerie-du-cher/remplir/"), "ont participé au diagnostic du besoin")
    client.post("/radar/ressourcerie-du-cher/remplir/", form_data(Grid.objects.get(pk=version_2.pk), [3] * 15))
    page = page_text(client.get("/radar/ressourcerie-du-cher/"))
    assert "Sur la grille version 2" in page and "Sur la grille version 1" in page
    rows = client.get("/radar/ressourcerie-du-cher/export.csv").content.decode("utf-8-sig")
    assert "Le besoin auquel répond l'initiative a été repéré avec les personnes concernées." in rows  # version 1's
    assert "ont participé au diagnostic du besoin" in rows


def test_staff_cannot_change_a_grid_already_answered_but_can_prepare_the_next(
    admin_client, member, initiative, radar_grid
):
    services.assessment_fill(initiative=initiative, grid=radar_grid, answers=answers_all(radar_grid, 2), by=member)
    axis = radar_grid.axes.first()
    data = {"name": "Autre", "short_name": "Autre", "grid": radar_grid.pk, "order": 0}
    response = admin_client.post(f"/admin/radar/axis/{axis.pk}/change/", data)
    assert response.status_code == 403
    axis.refresh_from_db()
    assert axis.name == "Réponse à un besoin social"
    response = admin_client.post(
        "/admin/radar/grid/", {"action": "new_version", "_selected_action": [radar_grid.pk]}, follow=True
    )
    assertContains(response, "Version 2 préparée")
    assert Grid.objects.get(version=2).axes.count() == 5


def test_the_average_radars_show_only_where_at_least_five_initiatives_answered(member, radar_grid):
    moderator = ModeratorFactory()
    for number in range(MIN_INITIATIVES - 1):
        initiative = InitiativeFactory()
        services.assessment_fill(
            initiative=initiative, grid=radar_grid, answers=answers_all(radar_grid, number % 5), by=moderator
        )
    assert grouped_radars(radar_grid, "theme") == []
    last = InitiativeFactory()
    # An earlier radar of the same initiative does not count: its latest does.
    services.assessment_fill(
        initiative=last, grid=radar_grid, answers=answers_all(radar_grid, 0), by=moderator, filled_on=date(2025, 1, 1)
    )
    services.assessment_fill(initiative=last, grid=radar_grid, answers=answers_all(radar_grid, 4), by=moderator)
    (theme,) = grouped_radars(radar_grid, "theme")
    assert theme.group == "Réemploi et zéro déchet" and theme.initiatives == 5
    assert theme.scores == [(0 + 25 + 50 + 75 + 100) / 5] * 5
    (departement,) = grouped_radars(radar_grid, "departement")
    assert departement.group == "Indre-et-Loire" and departement.initiatives == 5


def test_deleting_the_latest_radar_in_the_admin_makes_the_earlier_one_the_latest(
    client, member, initiative, radar_grid
):
    """It dropped out of the observatory: no radar of the initiative was flagged latest any more."""
    from initiatives.radar.models import Assessment

    for filled_on in (date(2026, 1, 5), date(2026, 6, 5)):
        services.assessment_fill(
            initiative=initiative, grid=radar_grid, answers=answers_all(radar_grid, 2), by=member, filled_on=filled_on
        )
    latest = Assessment.objects.get(is_latest=True)
    assert latest.filled_on == date(2026, 6, 5)
    client.force_login(ModeratorFactory(is_superuser=True))
    response = client.post(f"/admin/radar/assessment/{latest.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert list(Assessment.objects.values_list("filled_on", "is_latest")) == [(date(2026, 1, 5), True)]
