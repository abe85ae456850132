"""A member proposes an initiative with the map picker, a moderator publishes it, it is on the map."""

import json

import pytest

from cresol.moderation.models import Status
from initiatives.models import Initiative
from tests.factories import PASSWORD, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, user):
    page.goto("/compte/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/mon-espace/")


def propose(page, name, website):
    page.goto("/initiatives/proposer/")
    page.get_by_label("Nom de l'initiative").fill(name)
    page.get_by_label("Description courte").fill("Des vélos réparés ensemble, chaque samedi.")
    page.get_by_label("Mobilité").check()
    page.get_by_label("Type de structure").select_option("association")
    page.get_by_label("Commune").fill("Vierzon")
    page.get_by_label("Site web").fill(website)
    # django-leaflet's point picker: the marker tool, then a click on the map.
    page.locator(".leaflet-draw-draw-marker").click()
    box = page.locator("#id_point-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert '"type":"Point"' in page.locator("textarea#id_point").input_value()
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.wait_for_url("**/merci/")


def test_a_proposal_approved_in_the_admin_appears_on_the_map_and_a_refused_one_never(
    browser_session, reference_data, live_server
):
    member, moderator = UserFactory(), ModeratorFactory()
    contributor = browser_session()
    log_in(contributor.page, member)
    propose(contributor.page, "Atelier vélo du Cher", "https://velo.example.org")
    propose(contributor.page, "Initiative hors charte", "https://autre.example.org")
    assert Initiative.objects.filter(status=Status.PENDING).count() == 2

    staff = browser_session()
    log_in(staff.page, moderator)
    page = staff.page
    page.goto("/admin/initiatives/initiative/?status__exact=pending")
    page.get_by_role("link", name="Atelier vélo du Cher").click()
    page.locator("select[name='CHANGE_FORM-action']").select_option("approve_selected")
    page.get_by_role("button", name="Exécuter").first.click()
    page.get_by_text("1 contenu publié.").wait_for()  # the decision is made

    page.goto("/admin/initiatives/initiative/?status__exact=pending")
    page.get_by_role("link", name="Initiative hors charte").click()
    page.locator("select[name='CHANGE_FORM-action']").select_option("reject_selected")
    page.get_by_role("button", name="Exécuter").first.click()
    page.get_by_label("Motif du refus").fill("Sans lien avec l'économie solidaire.")
    page.get_by_role("button", name="Refuser avec ce motif").click()
    page.get_by_text("1 contenu refusé.").wait_for()

    visitor = browser_session()
    requested = []
    visitor.page.on("request", lambda request: requested.append(request.url))
    visitor.page.goto("/carte/")
    visitor.page.wait_for_selector("html[data-map-ready='1']")
    marker = visitor.page.locator(".initiative-marker")
    assert marker.get_attribute("title").startswith("Atelier vélo du Cher")
    marker.click()
    popup = visitor.page.locator(".leaflet-popup-content")
    popup.get_by_text("Des vélos réparés ensemble").wait_for()
    assert "Vierzon" in popup.inner_text()

    # No tile server is configured here: the map must not reach outside the portal.
    assert requested and all(url.startswith(live_server.url) for url in requested), requested

    collection = json.loads(visitor.page.request.get(f"{live_server.url}/carte/initiatives.geojson").text())
    names = [feature["properties"]["name"] for feature in collection["features"]]
    assert names == ["Atelier vélo du Cher"]
    assert "Initiative hors charte" not in visitor.page.request.get(f"{live_server.url}/initiatives/").text()
    for session in (contributor, staff, visitor):
        assert session.csp_violations == []
