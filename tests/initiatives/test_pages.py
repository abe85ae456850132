"""The map page, the list, an initiative's page and the embedded map."""

import html
import json
import re

import pytest
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from initiatives.models import InitiativeSlug
from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def _commune(code):
    from cresol.territories.models import Commune

    return Commune.objects.get(code=code)


def test_the_map_page_has_the_filters_the_list_link_the_licence_and_the_embed_snippet(client):
    InitiativeFactory()
    content = html.unescape(page_text(client.get("/carte/", {"theme": "habitat"})))
    assert 'id="carte-initiatives"' in content
    assert 'href="/initiatives/?theme=habitat"' in content
    assert "licence ODbL 1.0" in content
    assert '<iframe src="http://testserver/carte/embed/?theme=habitat"' in content
    assert re.search(r'name="theme" value="habitat"[^>]*checked', content)  # the filter state is kept
    assert not re.search(r'name="theme" value="mobilite"[^>]*checked', content)
    legend = json.loads(re.search(r'id="themes-legend" type="application/json">(.*?)</script>', content).group(1))
    assert {theme["slug"] for theme in legend} == set(Theme.objects.values_list("slug", flat=True))


def test_the_map_page_makes_no_outside_request_without_a_tile_server(client):
    content = page_text(client.get("/carte/"))
    loaded = re.findall(r'<(?:script|img|iframe)[^>]* src="([^"]+)"', content)
    loaded += re.findall(r'<link[^>]* href="([^"]+)"', content)
    assert loaded and all(url.startswith("/") for url in loaded), loaded
    assert "&quot;layers&quot;: []" in content  # no tile layer configured


def test_the_list_shows_the_count_and_paginates(client):
    from initiatives.generator import build, save_generated

    save_generated(build(30, seed=5))
    first = page_text(client.get("/initiatives/"))
    assert "30 initiatives" in first
    assert "Page 1 sur 2" in first
    second = page_text(client.get("/initiatives/", {"page": 2}))
    assert second.count('class="card initiative-card"') == 6


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1", "99999999999999999999"])
def test_an_unknown_page_number_is_a_404(client, page):
    InitiativeFactory()
    assert client.get("/initiatives/", {"page": page}).status_code == 404


def test_the_list_sorts_by_distance_around_a_point(client):
    InitiativeFactory(name="À Tours")
    InitiativeFactory(name="À Joué", commune=_commune("37122"), point=_commune("37122").point)
    InitiativeFactory(name="À Orléans", commune=_commune("45234"), point=_commune("45234").point)
    content = page_text(client.get("/initiatives/", {"lat": "47.35", "lon": "0.66", "rayon": "25"}))
    assert "À Orléans" not in content
    assert content.index("À Joué") < content.index("À Tours")
    assert "Triées de la plus proche" in content


def test_invalid_filters_on_the_list_are_a_400_with_the_form(client):
    response = client.get("/initiatives/", {"lat": "47.35"})
    assertContains(response, "Indiquez à la fois la latitude et la longitude.", status_code=400)


def test_list_and_map_pages_run_the_same_queries_with_5_or_40_initiatives(
    client, page_cache_off, django_assert_num_queries
):
    from initiatives.generator import build, save_generated

    save_generated(build(5, seed=1))
    counts = {}
    for url in ("/initiatives/", "/carte/", "/"):
        with django_assert_num_queries(99, exact=False) as captured:
            assert "5 initiatives" in page_text(client.get(url))
        counts[url] = len(captured.captured_queries)
    save_generated(build(35, seed=2, slug_prefix="b-"))
    for url, count in counts.items():
        with django_assert_num_queries(count):
            assert "40 initiatives" in page_text(client.get(url))


def test_the_detail_page_has_everything_public(client):
    initiative = InitiativeFactory(
        name="Repair Café de Tours",
        slug="repair-cafe-de-tours",
        description="On répare **ensemble** le samedi.",
        email="contact@repair.example.org",
        phone="02 47 00 00 00",
        opening_hours="Sa 10:00-12:00; PH off",
        opening_hours_note="Fermé en août",
        siret="44306184100047",
        social_links=["https://social.example.org/@repair"],
    )
    initiative.tags.add("vélo")
    content = html.unescape(page_text(client.get("/initiatives/repair-cafe-de-tours/")))
    assert "<strong>ensemble</strong>" in content
    for text in [
        "contact@repair.example.org",
        "02 47 00 00 00",
        "10\u00a0h – 12\u00a0h",
        "Fermé en août",
        "44306184100047",
        "Tours Métropole Val de Loire",
        "Indre-et-Loire",
        "licence ODbL 1.0",
        "Signaler un problème",
        "Proposer une modification",
        "Fiche mise à jour le",
    ]:
        assert text in content
    assert 'href="/themes/reemploi-zero-dechet/"' in content  # the theme's page, across the sections
    assert 'href="/territoires/37/"' in content  # "près de chez vous": its département's page
    assert '<meta property="og:title" content="Repair Café de Tours">' in content
    jsonld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content).group(1))
    assert jsonld["@type"] == "Organization"
    assert jsonld["address"]["addressLocality"] == "Tours"
    assert jsonld["location"]["geo"]["latitude"] == round(initiative.point.y, 6)
    assert jsonld["openingHoursSpecification"] == [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Saturday"], "opens": "10:00", "closes": "12:00"}
    ]


def test_the_detail_page_runs_a_fixed_number_of_queries(client, page_cache_off, django_assert_max_num_queries):
    initiative = InitiativeFactory(slug="fixe", themes=list(Theme.objects.all()[:5]))
    initiative.tags.add("a", "b", "c", "d")
    with django_assert_max_num_queries(7):
        content = page_text(client.get("/initiatives/fixe/"))
    assert initiative.name in content
    assert all(theme.name in content for theme in initiative.themes.all())


def test_an_old_address_redirects_permanently_after_a_rename(client):
    initiative = InitiativeFactory(slug="nouveau-nom")
    InitiativeSlug.objects.create(slug="ancien-nom", initiative=initiative)
    response = client.get("/initiatives/ancien-nom/")
    assert response.status_code == 301
    assert response["Location"] == "/initiatives/nouveau-nom/"


def test_the_embedded_map_may_be_framed_by_partners_and_other_pages_may_not(client):
    embed = client.get("/carte/embed/", {"departement": "37"})
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "script-src 'self'" in embed["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed
    assertContains(embed, 'href="/carte/?departement=37"')
    page = client.get("/carte/")
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Frame-Options"] == "DENY"


def test_the_popup_shows_name_themes_commune_summary_and_link(client):
    initiative = InitiativeFactory(name="Atelier vélo", slug="atelier-velo", summary="On répare les vélos.")
    content = page_text(client.get(f"/carte/initiatives/{initiative.pk}/popup/"))
    for text in [
        "Atelier vélo",
        "Tours",
        "Réemploi et zéro déchet",
        "On répare les vélos.",
        "/initiatives/atelier-velo/",
    ]:
        assert text in content


def test_the_home_page_counts_initiatives_per_theme(client):
    InitiativeFactory.create_batch(2)
    InitiativeFactory(themes=[Theme.objects.get(slug="habitat")])
    InitiativeFactory(status=Status.PENDING, themes=[Theme.objects.get(slug="habitat")])
    content = html.unescape(page_text(client.get("/")))
    assert "3 initiatives sur la carte" in content
    assert re.search(r"Réemploi et zéro déchet</span> 2", content)
    assert re.search(r"Habitat</span> 1", content)
    assert "Référencer une initiative" in content


def test_forms_find_published_initiatives_by_part_of_their_name(client):
    InitiativeFactory(name="Ressourcerie du Cher", slug="ressourcerie-du-cher")
    InitiativeFactory(name="Ressourcerie cachée", status="pending")
    results = client.get("/initiatives/recherche.json", {"q": "ressourc"}).json()["results"]
    assert results == [{"name": "Ressourcerie du Cher", "slug": "ressourcerie-du-cher", "commune": "Tours"}]
    assert client.get("/initiatives/recherche.json", {"q": "r"}).json() == {"results": []}
