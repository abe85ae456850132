"""Partners read every list of the API as the pages show it: same filters, every item once through
the cursors (even while items are added), the licence, ETags, CORS and a bounded number of queries."""

import json

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cresol.moderation.models import Status
from cresol.territories.models import EPCI, Pays
from cresol.territories.services import pays_save
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, make_event, make_person, make_post, make_resource, make_share

from .partner import API, PartnerClient

pytestmark = pytest.mark.django_db

LISTS = [
    "initiatives",
    "evenements",
    "articles",
    "ressources",
    "partages",
    "personnes-ressources",
    "thematiques",
    "territoires/departements",
    "territoires/epci",
    "territoires/pays",
    "territoires/communes",
]


def some_of_everything():
    habitat = Theme.objects.get(slug="habitat")
    InitiativeFactory(name="Habitat groupé des Tanneurs", themes=[habitat], tags=None)
    InitiativeFactory(name="Ressourcerie de Blois")
    InitiativeFactory(name="En attente", status=Status.PENDING, published_at=None)
    make_event(title="Repair café")
    make_post(title="Les tiers-lieux du Berry")
    make_share(title="Guide du financement solidaire")
    make_resource(title="Guide de l'habitat participatif")
    make_person()
    pays = Pays(name="Pays Loire Touraine", kind="petr")
    pays_save(pays=pays, save_relations=lambda: pays.epcis.set(EPCI.objects.filter(siren="200043065")))


def test_a_partner_reads_every_list_through_its_cursors_each_answer_as_described(client):
    some_of_everything()
    partner = PartnerClient(client)
    assert partner.description["openapi"] == "3.1.0"
    for name in LISTS:
        items = partner.read_all(f"{API}/{name}/?limite={200 if name.endswith('communes') else 2}")
        assert items, name
        keys = [item.get("id") or item.get("slug") or item.get("code") or item.get("siren") for item in items]
        assert len(keys) == len(set(keys)), f"{name}: an item came twice"
    assert partner.answers_checked > len(LISTS)
    communes = partner.read_all(f"{API}/territoires/communes/?departement=18&limite=200")
    assert len(communes) > 200 and {commune["departement"] for commune in communes} == {"18"}
    names = [item["name"] for item in partner.read_all(f"{API}/initiatives/")]
    assert sorted(names) == ["Habitat groupé des Tanneurs", "Ressourcerie de Blois"]  # never the pending one


def test_the_api_filters_as_the_page_does(client):
    some_of_everything()
    partner = PartnerClient(client)
    habitat = partner.read_all(f"{API}/initiatives/?theme=habitat")
    assert [item["name"] for item in habitat] == ["Habitat groupé des Tanneurs"]
    page = client.get("/initiatives/?theme=habitat")
    assert "Habitat groupé des Tanneurs" in page.content.decode()
    assert "Ressourcerie de Blois" not in page.content.decode()  # the page filters the same way
    [initiative] = habitat
    assert initiative["themes"] == ["habitat"] and initiative["commune_code"] == "37261"
    assert initiative["url"].endswith("/initiatives/" + initiative["slug"] + "/")
    # Positive control: without the filter, both.
    assert len(partner.read_all(f"{API}/initiatives/")) == 2


def test_a_bad_filter_is_a_400_problem_with_the_pages_french_message(client):
    partner = PartnerClient(client)
    response = partner.get(f"{API}/initiatives/?theme=inconnue&departement=99")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = json.loads(response.content)
    assert problem["status"] == 400 and problem["title"] == "Paramètres invalides"
    assert set(problem["errors"]) == {"theme", "departement"}
    assert "inconnue" in problem["errors"]["theme"][0]
    for bad in ("curseur=%%%", "limite=0", "limite=201", "limite=beaucoup"):
        assert partner.get(f"{API}/initiatives/?{bad}").status_code == 400, bad


def test_an_item_added_while_a_partner_reads_comes_last_and_no_item_is_missed(client):
    for number in range(5):
        InitiativeFactory(name=f"Initiative {number}")
    partner = PartnerClient(client)
    first = json.loads(partner.get(f"{API}/initiatives/?limite=2").content)
    InitiativeFactory(name="Arrivée pendant la lecture")
    seen = [item["name"] for item in first["results"]]
    seen += [item["name"] for item in partner.read_all(first["next"].removeprefix("http://testserver"))]
    assert seen == [f"Initiative {number}" for number in range(5)] + ["Arrivée pendant la lecture"]


MORE = {
    "initiatives": lambda n: InitiativeFactory(name=f"Initiative {n}").tags.add("vrac", f"mot {n}"),
    "evenements": lambda n: make_event(title=f"Atelier {n}"),
    "articles": lambda n: make_post(title=f"Article {n}", tags=["vrac"]),
    "partages": lambda n: make_share(title=f"Partage {n}", url=f"https://example.org/{n}"),
    "personnes-ressources": lambda n: make_person(),
    "ressources": lambda n: make_resource(title=f"Ressource {n}"),
    "territoires/pays": lambda n: pays_save(pays=Pays(name=f"Pays {n}", kind="pays")),
}


@pytest.mark.parametrize("name", LISTS)
def test_each_list_runs_the_same_queries_for_one_item_and_for_fifty(client, name, settings):
    settings.PAGE_CACHE = False  # the queries of the endpoint itself, not of the cache
    some_of_everything()
    for number in range(30) if name in MORE else ():
        MORE[name](number)

    def queries(limit: int) -> tuple[int, int]:
        url = f"{API}/{name}/?limite={limit}"
        client.get(url)  # the address's rate-limit counter exists from now on, as for any partner
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), len(json.loads(response.content)["results"])

    few, shown_few = queries(1)
    many, shown_many = queries(50)
    assert shown_few == 1 and shown_many > 5  # the positive control: many more items…
    assert many == few, f"{name}: {few} queries for 1 item, {many} for {shown_many}"  # …the same queries


def test_an_initiative_reads_as_a_row_of_the_json_export(client):
    initiative = InitiativeFactory(name="Repair Café de Tours", phone="02 47 00 00 00", opening_hours="Sa 10:00-12:00")
    initiative.tags.add("vélo")
    [item] = json.loads(client.get(f"{API}/initiatives/").content)["results"]
    [row] = json.loads(b"".join(client.get("/initiatives/export.json").streaming_content))["initiatives"]
    assert item == row and item["tags"] == ["vélo"] and item["phone"] == "02 47 00 00 00"


def test_answers_carry_the_licence_cors_and_an_etag_that_gives_a_304(client):
    InitiativeFactory(name="Ressourcerie de Blois")
    partner = PartnerClient(client)
    response = partner.get(f"{API}/initiatives/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=60" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert json.loads(response.content)["licence"] == "ODbL 1.0"
    etag = response["ETag"]
    again = partner.get(f"{API}/initiatives/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    InitiativeFactory(name="Nouvelle")
    changed = partner.get(f"{API}/initiatives/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Nouvelle" in changed.content.decode()
    assert json.loads(partner.get(f"{API}/articles/").content)["licence"] == "CC BY-SA 4.0"


def test_a_change_shows_at_once_in_the_cached_api(client):
    initiative = InitiativeFactory(name="Ressourcerie de Blois")
    first = client.get(f"{API}/initiatives/")
    assert client.get(f"{API}/initiatives/")["X-Cache"] == "hit"
    from initiatives.services import initiative_admin_save

    initiative.name = "Ressourcerie de Blois et de Vienne"
    initiative_admin_save(initiative=initiative, changed=["name"])
    after = client.get(f"{API}/initiatives/")
    assert "Ressourcerie de Blois et de Vienne" in after.content.decode()
    assert first.content != after.content


def test_an_item_by_its_key_and_a_404_problem_for_what_is_not_published(client):
    initiative = InitiativeFactory(name="Ressourcerie de Blois")
    pending = InitiativeFactory(name="En attente", status=Status.PENDING, published_at=None)
    partner = PartnerClient(client)
    found = partner.get(f"{API}/initiatives/{initiative.slug}/")
    assert found.status_code == 200
    assert json.loads(found.content)["result"]["name"] == "Ressourcerie de Blois"
    missing = partner.get(f"{API}/initiatives/{pending.slug}/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    assert partner.get(f"{API}/territoires/communes/37261/").status_code == 200


def test_an_address_past_the_limit_gets_a_429_in_french(client, settings):
    caches["default"].clear()
    from cresol.api.middleware import REQUESTS

    for number in range(REQUESTS.limit):  # each a new address: built, not served from the cache
        assert client.get(f"{API}/thematiques/?n={number}").status_code == 200
    limited = client.get(f"{API}/thematiques/?n=encore")
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "requêtes par minute" in json.loads(limited.content)["detail"]
    other = Client(REMOTE_ADDR="192.0.2.8")
    assert other.get(f"{API}/thematiques/?n=encore").status_code == 200  # another address is not limited
    assert client.get(f"{API}/thematiques/?n=1")["X-Cache"] == "hit"  # an answer kept is served all the same


def test_links_to_the_next_page_and_the_licence_and_a_preflight_for_conditional_reads(client):
    for number in range(3):
        InitiativeFactory(name=f"Initiative {number}")
    first = client.get(f"{API}/initiatives/?limite=2")
    document = json.loads(first.content)
    assert first["Link"].startswith(f'<{document["next"]}>; rel="next"')
    assert '<https://opendatacommons.org/licenses/odbl/1-0/>; rel="license"' in first["Link"]
    last = client.get(document["next"].removeprefix("http://testserver"))
    assert 'rel="next"' not in last["Link"] and 'rel="license"' in last["Link"]
    preflight = client.options(
        f"{API}/initiatives/",
        HTTP_ORIGIN="https://mairie.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]  # a token stays on the partner's server


def test_the_reference_page_lists_every_operation_of_the_description(client):
    description = json.loads(client.get(f"{API}/openapi.json").content)
    page = client.get(f"{API}/docs/")
    assert page.status_code == 200
    text = page.content.decode()
    operations = [(method.upper(), path) for path, methods in description["paths"].items() for method in methods]
    assert len(operations) > 20
    for method, path in operations:
        assert f"<code>{method} {path}</code>" in text, (method, path)
    assert "<code>curseur</code>" in text and "<code>not_a_duplicate</code>" in text  # parameters and body fields
    assert "Avec un jeton de partenaire." in text
    assert 'href="/api/v1/console/"' in text and "swagger-ui" not in text  # readable without the console
