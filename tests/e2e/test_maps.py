"""The maps as people use them with no tile server (the default here): outlines to find one's way, a
point placed by keyboard, controls in French, a legend, and the searched area drawn."""

import json

import pytest

from tests.e2e.test_initiative_journey import log_in
from tests.factories import InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_places_the_point_by_keyboard_with_no_tile_server(browser_session, reference_data):
    member = UserFactory()
    session = browser_session()
    page = session.page
    log_in(page, member)
    page.goto("/initiatives/proposer/")
    commune = page.get_by_role("combobox", name="Commune")
    commune.fill("Tours")
    commune.press("Tab")  # choosing the commune places the point at its centre
    status = page.locator(".point-picker__status")
    status.filter(has_text="Point placé au centre de Tours").wait_for()
    placed = json.loads(page.locator("#id_point").input_value())["coordinates"]
    # The background shows the communes around, with their names: one knows where the point falls. Screen
    # readers skip those hundreds of names (they read the list beside the map, and the status line).
    page.locator(".commune-label", has_text="Saint-Cyr-sur-Loire").wait_for()
    assert page.locator(".leaflet-communes-pane").get_attribute("aria-hidden") == "true"
    # The keyboard's use is written for everyone beside the map, and the map says where.
    keys = page.locator("#id_point_keys")
    assert keys.is_visible() and "les flèches déplacent le point" in keys.inner_text()
    assert page.locator("#id_point-map").get_attribute("aria-describedby") == "id_point_keys"

    page.locator("#id_point-map").focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    moved = json.loads(page.locator("#id_point").input_value())["coordinates"]
    assert moved[0] > placed[0] and moved[1] > placed[1]  # east, then north
    assert status.inner_text().startswith("Point déplacé")

    # Leaflet and Leaflet.draw speak French; the reset button shows its icon.
    titles = page.locator(".leaflet-control a").evaluate_all("links => links.map((link) => link.title)")
    assert {"Zoom avant", "Zoom arrière", "Revoir toute la carte", "Placer le point"} <= set(titles)
    assert not {"Zoom in", "Zoom out", "Draw a marker"} & set(titles)
    icon = page.locator(".leaflet-control-resetview").evaluate("link => getComputedStyle(link).backgroundImage")
    assert icon.startswith('url("') and "reset-view" in icon
    assert session.csp_violations == []


def test_the_map_has_a_legend_and_draws_the_area_searched_around_a_position(browser_session, reference_data):
    InitiativeFactory(name="Ressourcerie de Tours")
    session = browser_session()
    page = session.page
    page.goto("/carte/?lat=47.39&lon=0.69&rayon=10")
    page.locator("[data-map-status]").filter(has_text="sur la carte").wait_for()
    legend = page.locator(".map-legend")
    assert "Réemploi et zéro déchet" in legend.inner_text()
    # The position as a point, the radius as a dashed circle around it.
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() >= 2
    assert page.locator(".leaflet-overlay-pane path[stroke-dasharray='6 6']").count() == 1
    page.goto("/carte/")
    page.locator("[data-map-status]").filter(has_text="sur la carte").wait_for()
    assert page.locator(".leaflet-overlay-pane path[stroke-dasharray='6 6']").count() == 0  # the positive control
    # A marker is a target a finger hits: 24 px at least (they were 18).
    marker = page.locator(".initiative-marker").first.bounding_box()
    assert marker["width"] >= 24 and marker["height"] >= 24
    assert session.csp_violations == []


def test_typing_the_address_places_the_point_and_fills_the_commune(
    browser_session, reference_data, http_server, settings
):
    from tests.territories.test_addresses import BAN_ANSWER

    http_server.route("/search/", body=json.dumps(BAN_ANSWER).encode(), headers={"Content-Type": "application/json"})
    settings.ADDRESS_SEARCH_URL = http_server.url("/search/")
    session = browser_session()
    page = session.page
    log_in(page, UserFactory())
    page.goto("/initiatives/proposer/")
    address = page.get_by_label("Adresse")
    address.fill("12 rue Nationale")
    address.press("Tab")
    page.locator(".point-picker__status").filter(has_text="Adresse trouvée : 12 Rue Nationale 37000 Tours").wait_for()
    assert json.loads(page.locator("#id_point").input_value())["coordinates"] == [0.688, 47.3941]
    assert page.get_by_role("combobox", name="Commune").input_value() == "Tours"
    assert session.csp_violations == []


def test_a_partners_page_shows_the_embedded_map_at_every_visit(
    browser_session, reference_data, http_server, live_server
):
    """The first answer allowed any frame ancestor, the cached copy none: the iframe went blank from the
    second visit on. A page of another origin (a partner's site) frames the map twice."""
    InitiativeFactory(name="Ressourcerie de Tours")
    embed = f"{live_server.url}/carte/embed/?theme=reemploi-zero-dechet"
    frame = f'<iframe src="{embed}" title="Carte des initiatives" width="600" height="400"></iframe>'
    partner = f'<!DOCTYPE html><html lang="fr"><head><title>Partenaire</title></head><body>{frame}</body></html>'

    http_server.route("/partenaire.html", body=partner.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    session = browser_session()
    page = session.page
    answers = []
    page.on("response", lambda response: answers.append(response) if "/carte/embed/" in response.url else None)
    for _visit in range(2):
        page.goto(http_server.url("/partenaire.html"))
        frame = page.frame_locator("iframe")
        frame.locator("[data-map-status]").filter(has_text="sur la carte").wait_for()
        assert frame.locator(".leaflet-container").is_visible()
    assert [answer.headers.get("x-cache") for answer in answers] == ["miss", "hit"]  # the second from the cache
    assert all("frame-ancestors *" in answer.headers["content-security-policy"] for answer in answers)
