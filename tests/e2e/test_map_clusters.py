"""The clusters the server computes, as a visitor uses them: counted, named, opened by keyboard."""

import pytest
from django.contrib.gis.geos import Point

from cresol.territories.geometry import WGS84
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_cluster_says_what_it_holds_and_enter_zooms_in_down_to_the_initiatives(browser_session, reference_data):
    for index in range(40):  # more than a tile shows one by one, a few streets of Tours apart
        point = Point(0.66 + 0.004 * (index % 8), 47.37 + 0.004 * (index // 8), srid=WGS84)
        InitiativeFactory(name=f"Atelier {index:02d}", point=point)
    session = browser_session()
    page = session.page
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/carte/")
    page.wait_for_selector("html[data-map-ready='40']")
    assert page.locator("[data-map-status]").inner_text() == "40 initiatives sur la carte."
    cluster = page.locator(".marker-cluster").first
    assert cluster.get_attribute("title") == "40 initiatives (100 % Réemploi et zéro déchet) : cliquer pour zoomer"
    assert page.locator(".initiative-marker").count() == 0  # the positive control is below
    assert any("/carte/grappes/6/" in url for url in requested)  # tiles of zoom 6, drawn at zoom 7

    for _ in range(6):  # Enter on a cluster zooms in by two, until the initiatives show one by one
        # The next zoom's tile may still be on its way on a loaded machine: wait for what it draws.
        page.locator(".initiative-marker, .marker-cluster").first.wait_for(timeout=20000)
        if page.locator(".initiative-marker").count():
            break
        page.locator(".marker-cluster").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(600)
    markers = page.locator(".initiative-marker")
    assert markers.count() > 1
    assert markers.first.get_attribute("title").startswith("Atelier ")
    markers.first.focus()
    page.keyboard.press("Enter")  # an initiative's fiche opens by keyboard too
    page.locator(".leaflet-popup-content").get_by_text("Tours").first.wait_for()
    assert session.csp_violations == []
