"""A partner's page, served from another origin, shows the agenda widget and the map in iframes —
and shows them again when reloaded, from the portal's page cache."""

import pytest

from tests.factories import InitiativeFactory, make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_partners_page_on_another_origin_shows_the_agenda_and_the_map_twice_in_a_row(
    browser_session, reference_data, live_server, http_server
):
    make_event(title="Atelier réparation vélo")
    InitiativeFactory(name="Ressourcerie de Blois")
    portal = live_server.url  # http://localhost:…, the partner's page is on http://127.0.0.1:…
    partner_page = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Mairie</title></head>
    <body><h1>Mairie de Vierzon</h1>
    <iframe id="agenda" src="{portal}/agenda/embed/?couleur=%23ffcc00&nombre=5" title="Agenda" height="400"></iframe>
    <iframe id="carte" src="{portal}/carte/embed/" title="Carte" width="600" height="400"></iframe>
    </body></html>"""
    http_server.route("/mairie.html", body=partner_page.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    session = browser_session()
    page = session.page
    served = []
    page.on("response", lambda response: served.append((response.url, response.headers.get("x-cache", ""))))
    for _visit in range(2):
        page.goto(http_server.url("/mairie.html"))
        agenda = page.frame_locator("#agenda")
        agenda.get_by_role("link", name="Atelier réparation vélo").wait_for()
        assert agenda.get_by_role("heading", name="Prochains événements").is_visible()
        carte = page.frame_locator("#carte")
        carte.locator(".map-status", has_text="1 initiative sur la carte.").wait_for()
        assert carte.locator(".leaflet-container").is_visible()
    embeds = [(url, cache) for url, cache in served if "/embed/" in url and "couleur.css" not in url]
    assert len(embeds) >= 4
    assert {cache for url, cache in embeds[-2:]} == {"hit"}  # the second visit: from the cache, still shown
    assert session.csp_violations == []


def test_the_api_console_renders_under_the_portals_csp(browser_session, reference_data):
    session = browser_session()
    page = session.page
    page.goto("/api/v1/console/")
    page.get_by_role("heading", name="Console de l'API", exact=True).wait_for()
    page.locator(".opblock-summary-path", has_text="/api/v1/initiatives/").first.wait_for()
    assert page.locator(".opblock-tag", has_text="Agenda").count() == 1
    assert session.csp_violations == []
