"""The observatory: a choropleth of initiatives by territory and theme with its table, every figure as
CSV with its definition, computed in a fixed number of queries and refreshed when content changes."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from cresol.moderation.services import moderation_approve
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, _commune, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def in_commune(code, **fields):
    commune = _commune(code)
    return InitiativeFactory(commune=commune, point=commune.point, **fields)


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    data, _, notes = text.partition("\n\n")
    return list(csv.reader(io.StringIO(data), delimiter=";")), notes


def row_of(rows, code):
    return next(row for row in rows if row[0] == code)


def test_the_map_counts_initiatives_by_departement_with_the_table_beside_it(client):
    for _ in range(3):
        in_commune("37261")  # Tours
    in_commune("18033")  # Bourges
    in_commune("18033", status=Status.PENDING)  # not on the map: not counted
    page = page_text(client.get("/observatoire/"))
    assert page.count('class="choropleth__shape"') == 6  # the six départements' outlines
    assert 'role="img" aria-labelledby="choropleth-title choropleth-desc"' in page
    assert '<a href="/territoires/37/">Indre-et-Loire</a></th><td class="number">3</td>' in page
    assert '<a href="/territoires/18/">Cher</a></th><td class="number">1</td>' in page
    assert '<a href="/territoires/41/">Loir-et-Cher</a></th><td class="number">0</td>' in page
    # Four territories at zero (white), the two others in the legend's classes.
    assert "<title>Indre-et-Loire : 3</title>" in page and "(4 territoires)" in page


def test_the_map_by_intercommunality_and_theme(client):
    mobility = Theme.objects.get(slug="mobilite")
    in_commune("37261", themes=[mobility])
    in_commune("37261")
    response = client.get("/observatoire/", {"niveau": "epci", "theme": "mobilite"})
    page = page_text(response)
    assert "Initiatives « Mobilité » par territoire" in page
    assert page.count('class="choropleth__shape"') > 70  # every EPCI of the region
    tours = _commune("37261").epci
    assert f'<a href="/territoires/epci/{tours.siren}/">{tours.name}</a></th><td class="number">1</td>' in page


def test_a_bad_choice_is_a_400_with_the_error_beside_the_field_and_the_regions_map(client):
    in_commune("37261")
    response = client.get("/observatoire/", {"niveau": "canton", "theme": "inconnue"})
    page = page_text(response, 400)
    assert "Sélectionnez un choix valide" in page
    assert '<a href="/territoires/37/">Indre-et-Loire</a></th><td class="number">1</td>' in page


def test_the_theme_by_territory_csv_gives_every_territory_and_its_definition(client):
    mobility = Theme.objects.get(slug="mobilite")
    in_commune("37261", themes=[mobility, Theme.objects.get(slug="reemploi-zero-dechet")])
    in_commune("37261")
    rows, notes = csv_rows(client.get("/observatoire/initiatives-par-departement-et-thematique.csv"))
    header = rows[0]
    assert header[:3] == ["code", "nom", "total"] and "mobilite" in header
    assert len(rows) == 7
    tours = row_of(rows, "37")
    assert tours[2] == "2"  # two initiatives, one of them in two themes
    assert tours[header.index("mobilite")] == "1" and tours[header.index("reemploi-zero-dechet")] == "2"
    assert row_of(rows, "36")[2] == "0"
    assert "compte dans chacune de ses thématiques" in notes and "ODbL" in notes
    rows, _ = csv_rows(client.get("/observatoire/initiatives-par-epci-et-thematique.csv"))
    assert rows[0][0] == "siren" and len(rows) > 70
    assert client.get("/observatoire/inconnu.csv").status_code == 404


def test_figures_by_month_count_publications_dates_and_contributors(client):
    now = timezone.now()
    this_month = f"{timezone.localdate():%Y-%m}"
    in_commune("37261", published_at=now)
    in_commune("37261", published_at=now - timedelta(days=3 * 365))  # before the 24 months: in the cumul
    make_event(title="Repair café", start=now + timedelta(days=1))
    member = UserFactory()
    InitiativeFactory(status=Status.PENDING, submitted_by=member, submitted_at=now)
    InitiativeFactory(status=Status.PENDING, submitted_by=member, submitted_at=now)  # the same person
    rows, _ = csv_rows(client.get("/observatoire/initiatives-publiees-par-mois.csv"))
    assert rows[0] == ["mois", "nouvelles_initiatives", "initiatives_en_ligne_cumul"]
    assert len(rows) == 25 and rows[-1] == [this_month, "1", "2"]
    rows, _ = csv_rows(client.get("/observatoire/evenements-par-mois.csv"))
    assert len(rows) == 19 and rows[0][1:] == ["dates_d_evenements"]
    assert sum(int(row[1]) for row in rows[1:]) == 1
    rows, _ = csv_rows(client.get("/observatoire/contributeurs-actifs-par-mois.csv"))
    assert rows[-1] == [this_month, "1"]
    page = page_text(client.get("/observatoire/"))
    assert 'class="bars"' in page and f"<title>{this_month} : 1</title>" in page


def test_the_page_runs_the_same_queries_for_few_or_many_initiatives_and_reads_the_cache_after(client, page_cache_off):
    def count():
        for alias in caches:  # the figures and the territories' outlines computed again
            caches[alias].clear()
        with CaptureQueriesContext(connection) as queries:
            page = page_text(client.get("/observatoire/"))
        return len(queries), page

    in_commune("37261")
    few, page = count()
    assert '<td class="number">1</td>' in page
    for code in ["37261", "18033", "45234", "41018", "28085", "36044"] * 4:
        in_commune(code)
    many, page = count()
    assert '<a href="/territoires/37/">Indre-et-Loire</a></th><td class="number">5</td>' in page
    assert many == few
    with CaptureQueriesContext(connection) as queries:
        page_text(client.get("/observatoire/"))
    assert len(queries) < few


def test_a_new_initiative_shows_in_the_figures_at_once(client):
    in_commune("37261")
    assertContains(
        client.get("/observatoire/"), '<a href="/territoires/37/">Indre-et-Loire</a></th><td class="number">1</td>'
    )
    proposed = in_commune("37261", status=Status.PENDING)
    moderation_approve(obj=proposed, by=ModeratorFactory())
    assertContains(
        client.get("/observatoire/"), '<a href="/territoires/37/">Indre-et-Loire</a></th><td class="number">2</td>'
    )


def test_the_average_radars_appear_from_five_initiatives(client, radar_grid):
    from initiatives.radar import services
    from tests.radar.answers import answers_all

    moderator = ModeratorFactory()
    for _ in range(4):
        services.assessment_fill(
            initiative=in_commune("37261"), grid=radar_grid, answers=answers_all(radar_grid, 2), by=moderator
        )
    page = page_text(client.get("/observatoire/"))
    assert "Radar moyen par thématique" in page and "Pas encore assez de données pour ce chiffre." in page
    services.assessment_fill(
        initiative=in_commune("37261"), grid=radar_grid, answers=answers_all(radar_grid, 4), by=moderator
    )
    page = page_text(client.get("/observatoire/"))
    assert '<th scope="row">Réemploi et zéro déchet</th><td class="number">5</td><td class="number">60,0</td>' in page
    rows, notes = csv_rows(client.get("/observatoire/radar-moyen-par-departement.csv"))
    assert rows[0][:3] == ["departement", "initiatives", "Réponse à un besoin social"]
    assert rows[1][:3] == ["Indre-et-Loire", "5", "60.0"] and "au moins 5 initiatives" in notes
