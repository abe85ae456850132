"""The network's activity figures in the admin: contributions, moderation delays, territories and themes,
each as a table and a CSV, in the same number of queries whatever the data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains

from cresol.moderation.models import Action, ModerationEvent, Status
from cresol.moderation.services import moderation_approve, moderation_reject, moderation_submit
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event

pytestmark = pytest.mark.django_db

REPORTS = "/admin/statistiques/"


def _proposed(name, *, hours_to_decide=None, refused=False):
    """An initiative submitted now, decided `hours_to_decide` later (the log's times moved back)."""
    member = UserFactory()
    initiative = InitiativeFactory(name=name, status=Status.DRAFT, submitted_by=member)
    moderation_submit(obj=initiative, by=member)
    if hours_to_decide is not None:
        moderator = ModeratorFactory()
        if refused:
            moderation_reject(obj=initiative, by=moderator, reason="Hors du champ de l'ESS")
        else:
            moderation_approve(obj=initiative, by=moderator)
        submitted = ModerationEvent.objects.filter(object_id=initiative.pk, action=Action.SUBMIT)
        submitted.update(at=timezone.now() - timedelta(hours=hours_to_decide))
    return initiative


def test_the_figures_count_contributions_and_measure_moderation_delays(admin_client):
    for hours in (2, 4, 30):
        _proposed(f"Initiative décidée en {hours} h", hours_to_decide=hours)
    _proposed("Refusée en 10 h", hours_to_decide=10, refused=True)
    _proposed("Toujours en attente")
    make_event(title="Marché paysan", submitted_at=timezone.now())
    response = admin_client.get(REPORTS)
    assertContains(response, "Délais de modération", status_code=200)
    content = response.content.decode()
    month = timezone.localdate().strftime("%Y-%m")
    contributions = content.split('id="report-contributions-par-mois"')[1].split("</table>")[0]
    this_month = contributions.split(f'<th scope="row">{month}</th>')[1].split("</tr>")[0]
    assert this_month.count("<td>5</td>") == 1  # the five initiatives submitted
    assert this_month.strip().endswith("<td>6</td>")  # and the event: six in all

    delays = content.split('id="report-delais-de-moderation"')[1].split("</table>")[0]
    initiatives = delays.split("Archipel O Centre — initiatives</th>")[1].split("</tr>")[0]
    # Four decisions, after 2, 4, 10 and 30 hours: the median is 7 hours.
    assert "<td>4</td>" in initiatives and "<td>7,0</td>" in initiatives  # written the French way
    assert "Indre-et-Loire" in content  # the factories place them in Tours
    assert "Réemploi et zéro déchet" in content


def test_each_figure_downloads_as_a_csv_a_french_spreadsheet_opens(admin_client):
    _proposed("Épicerie", hours_to_decide=3)
    response = admin_client.get(f"{REPORTS}delais-de-moderation.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffcontenus;decisions;delai_median_heures;delai_90e_centile_heures")
    assert "Archipel O Centre — initiatives;1;3.0;3.0" in text
    assert "# Délais de modération :" in text and "ODbL" in text
    assert admin_client.get(f"{REPORTS}inconnu.csv").status_code == 404


def test_only_staff_see_the_figures(client):
    client.force_login(UserFactory())
    assert client.get(REPORTS).status_code == 302
    assert client.get(f"{REPORTS}contributions-par-mois.csv").status_code == 302
    client.force_login(ModeratorFactory())
    assertContains(client.get(REPORTS), "Contributions par mois", status_code=200)


def test_the_page_runs_the_same_queries_whatever_the_data(admin_client):
    _proposed("Première", hours_to_decide=1)
    with CaptureQueriesContext(connection) as few:
        assertContains(admin_client.get(REPORTS), "Contributions par mois", status_code=200)
    for number in range(20):
        _proposed(f"Initiative {number}", hours_to_decide=number + 1)
        make_event(title=f"Événement {number}", submitted_at=timezone.now())
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(REPORTS)
    assertContains(response, "<td>21</td>", status_code=200)  # 21 decisions on initiatives
    assert len(many.captured_queries) == len(few.captured_queries)
