"""The Pays: staff keep them in the admin (no reference list reaches the portal); each has its page
with its intercommunalités and conseil de développement, and every list, map and the API filter by it."""

import io
import json

import pytest

from cresol.search.registry import searched_sections
from cresol.territories.demo import load_demo
from cresol.territories.models import EPCI, Commune, Pays
from cresol.territories.services import pays_save
from tests.factories import InitiativeFactory, make_event, make_person
from tests.http import page_text

pytestmark = pytest.mark.django_db


def loire_touraine() -> Pays:
    pays = Pays(name="Pays Loire Touraine", kind="petr", council_email="codev@loire-touraine.example.org")
    members = EPCI.objects.filter(siren__in=["200043065", "200073161"])  # Val d'Amboise, Touraine-Est Vallées
    return pays_save(pays=pays, save_relations=lambda: pays.epcis.set(members))


def test_a_pays_page_shows_its_intercommunalites_its_council_and_what_happens_there(client):
    pays = loire_touraine()
    amboise = Commune.objects.get(name="Amboise")
    InitiativeFactory(name="Épicerie solidaire d'Amboise", commune=amboise)
    InitiativeFactory(name="Ressourcerie de Vierzon", commune=Commune.objects.get(name="Vierzon"))
    make_event(title="Repair café d'Amboise", commune=amboise)
    text = page_text(client.get(f"/territoires/pays/{pays.slug}/"))
    assert "Pays Loire Touraine" in text and "(PETR)" in text
    assert "CC du Val d'Amboise".replace("'", "&#x27;") in text and "codev@loire-touraine.example.org" in text
    assert "Épicerie solidaire d&#x27;Amboise" in text and "Repair café d&#x27;Amboise" in text
    assert "Ressourcerie de Vierzon" not in text
    assert "Indre-et-Loire" in text  # its département, in the breadcrumb
    # The Pays among the larger territories of its EPCI and communes, and on the region's page.
    assert f'href="/territoires/pays/{pays.slug}/"' in page_text(client.get("/territoires/epci/200043065/"))
    assert f'href="/territoires/pays/{pays.slug}/"' in page_text(client.get(f"/territoires/communes/{amboise.code}/"))
    assert f'href="/territoires/pays/{pays.slug}/"' in page_text(client.get("/territoires/"))
    assert client.get("/territoires/pays/inconnu/").status_code == 404


def test_lists_maps_and_the_api_filter_by_pays(client):
    pays = loire_touraine()
    amboise, vierzon = Commune.objects.get(name="Amboise"), Commune.objects.get(name="Vierzon")
    InitiativeFactory(name="Épicerie solidaire", commune=amboise)
    InitiativeFactory(name="Ressourcerie", commune=vierzon)
    make_event(title="Atelier vélo", commune=amboise)
    make_event(title="Débat citoyen", commune=vierzon)
    listing = page_text(client.get(f"/initiatives/?pays={pays.slug}"))
    assert "Épicerie solidaire" in listing and "Ressourcerie" not in listing
    agenda = page_text(client.get(f"/agenda/?pays={pays.slug}"))
    assert "Atelier vélo" in agenda and "Débat citoyen" not in agenda
    features = json.loads(client.get(f"/carte/initiatives.geojson?pays={pays.slug}").content)["features"]
    assert [feature["properties"]["name"] for feature in features] == ["Épicerie solidaire"]
    api = json.loads(client.get(f"/api/v1/initiatives/?pays={pays.slug}").content)["results"]
    assert [item["name"] for item in api] == ["Épicerie solidaire"]
    assert client.get("/initiatives/?pays=inconnu").status_code == 400
    # Positive control: without the filter, both.
    assert "Ressourcerie" in page_text(client.get("/initiatives/"))


def test_the_demo_brings_two_pays_marked_as_demo(client):
    load_demo(io.StringIO())
    demo = Pays.objects.order_by("name")
    assert [(pays.name, pays.is_demo, pays.epcis.count()) for pays in demo] == [
        ("Pays Loire Touraine", True, 4),
        ("Pays de Bourges", True, 4),
    ]
    assert "à vérifier" in page_text(client.get("/territoires/pays/pays-de-bourges/"))


def test_the_observatory_counts_initiatives_by_pays_on_its_map_and_in_its_csv(client):
    pays = loire_touraine()
    InitiativeFactory(name="Épicerie solidaire", commune=Commune.objects.get(name="Amboise"))
    InitiativeFactory(name="Ressourcerie", commune=Commune.objects.get(name="Vierzon"))
    page = page_text(client.get("/observatoire/?niveau=pays"))
    assert f'href="/territoires/pays/{pays.slug}/"' in page and "Pays Loire Touraine" in page
    csv = client.get("/observatoire/initiatives-par-pays-et-thematique.csv").content.decode()
    row = next(line for line in csv.splitlines() if line.startswith(pays.slug))
    assert row.split(";")[:3] == [pays.slug, "Pays Loire Touraine", "1"]  # the Vierzon one is in no Pays
    # A second Pays changes the map at once (its outline is drawn from its intercommunalités).
    other = Pays(name="Pays de Vierzon", kind="pays")
    pays_save(pays=other, save_relations=lambda: other.epcis.set(EPCI.objects.filter(siren="200090561")))
    assert "Pays de Vierzon" in page_text(client.get("/observatoire/?niveau=pays"))


def test_resource_people_serve_a_pays_and_are_found_from_its_places(client):
    pays = loire_touraine()
    amboise = Commune.objects.get(name="Amboise")
    make_person(display_name="Camille du Pays", pays=[pays])
    make_person(display_name="Dominique de l'EPCI", epcis=[amboise.epci])
    make_person(display_name="Sacha de Vierzon", communes=[Commune.objects.get(name="Vierzon")])
    by_pays = page_text(client.get(f"/personnes-ressources/?pays={pays.slug}"))
    assert "Camille du Pays" in by_pays and "Dominique de l&#x27;EPCI" in by_pays and "Sacha" not in by_pays
    by_commune = page_text(client.get("/personnes-ressources/?commune=Amboise"))
    assert "Camille du Pays" in by_commune and "Sacha" not in by_commune
    assert "Sacha de Vierzon" in page_text(client.get("/personnes-ressources/?commune=Vierzon"))  # control


def test_the_site_search_narrows_to_a_pays(client):
    pays = loire_touraine()
    InitiativeFactory(name="Épicerie solidaire d'Amboise", commune=Commune.objects.get(name="Amboise"))
    InitiativeFactory(name="Épicerie solidaire de Vierzon", commune=Commune.objects.get(name="Vierzon"))
    everywhere = page_text(client.get("/recherche/", {"q": "épicerie"}))
    assert "Vierzon" in everywhere and "Amboise" in everywhere
    in_pays = page_text(client.get("/recherche/", {"q": "épicerie", "pays": pays.slug}))
    assert "Amboise" in in_pays and "Épicerie solidaire de Vierzon" not in in_pays
    initiatives = next(section for section in searched_sections() if section.key == "initiatives")
    assert f"pays={pays.slug}" in initiatives.list_url("épicerie", pays=pays)  # "see them all" keeps the Pays
    assert client.get("/recherche/", {"q": "épicerie", "pays": "inconnu"}).status_code == 400
