"""A member fills the radar of their initiative a second time, months after the first, sees both on
one chart, and shows the result on the initiative's page."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from initiatives.radar import services
from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, UserFactory
from tests.radar.answers import answers_all, questions_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_fills_the_radar_again_and_compares_with_six_months_ago(
    browser_session, reference_data, radar_grid, live_server, tmp_path
):
    member = UserFactory()
    initiative = InitiativeFactory(name="Épicerie solidaire de Vierzon", slug="epicerie-vierzon", submitted_by=member)
    services.assessment_fill(
        initiative=initiative,
        grid=radar_grid,
        answers=answers_all(radar_grid, 1),
        by=member,
        filled_on=date(2026, 6, 1),
    )
    page = browser_session().page
    log_in(page, member)
    page.get_by_role("link", name="Remplir son radar de l'innovation sociale").click()
    page.get_by_role("link", name="Remplir le radar aujourd'hui").click()
    for question in questions_of(radar_grid)[:9]:
        page.get_by_role("group", name=question.text).get_by_label("Largement").check()
    first = questions_of(radar_grid)[0]
    page.get_by_role("group", name=first.text).locator("xpath=following::textarea[1]").fill("Enquête de quartier.")
    page.get_by_role("button", name="Enregistrer le radar").click()
    page.wait_for_url("**/radar/epicerie-vierzon/")
    assert "Votre radar est enregistré" in page.locator("main").inner_text()
    chart = page.locator("svg.radar__chart")
    assert chart.locator("polygon.radar__area").count() == 2
    assert chart.get_attribute("role") == "img"
    table = page.get_by_role("table")
    assert "01/06/2026" in table.inner_text() and "75" in table.inner_text()
    page.screenshot(path=tmp_path / "radar.png", full_page=True)

    # Today's radar (the last of the list) goes on the initiative's page.
    page.get_by_role("button", name=re.compile(r"^Afficher sur la fiche")).last.click()
    expect(page.locator("main")).to_contain_text("est affiché sur la fiche")
    visitor = browser_session().page
    visitor.goto("/initiatives/epicerie-vierzon/")
    block = visitor.locator("section.radar__public")
    assert block.get_by_role("img", name="Radar de Épicerie solidaire de Vierzon").count() == 1
    assert "Participation et gouvernance\t75" in block.get_by_role("table").inner_text()
