"""The site's frame: the home page, the editorial pages, errors, the health check and the CSP."""

import html

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.http import page_text

pytestmark = pytest.mark.django_db

EDITORIAL_PAGES = ["legal_notice", "contribution_charter", "accessibility", "personal_data"]


def test_the_home_page_presents_cresol_and_its_three_missions_in_french(client):
    response = client.get("/")
    content = html.unescape(page_text(response))
    assert response.status_code == 200
    assert '<html lang="fr">' in content
    assert "le réseau ressource de l'économie sociale et solidaire en Centre-Val de Loire" in content
    for mission in ["Un réseau d'expertises", "Des services pour la coopération", "Des outils collaboratifs"]:
        assert mission in content
    for section in ["Archipel O Centre", "Agenda citoyen", "Blog contributif", "Veille partagée"]:
        assert section in content


def test_every_page_has_the_skip_link_landmarks_and_the_footer_links(client):
    content = page_text(client.get("/"))
    assert '<a class="skip-link" href="#contenu">' in content
    assert '<main id="contenu"' in content
    assert 'aria-label="Menu principal"' in content
    for name in EDITORIAL_PAGES:
        assert f'href="{reverse(f"core:{name}")}"' in content
    assert "ODbL 1.0" in content
    assert "CC BY-SA 4.0" in content


@pytest.mark.parametrize("name", EDITORIAL_PAGES)
def test_the_editorial_pages_have_real_text(client, name):
    response = client.get(reverse(f"core:{name}"))
    assert response.status_code == 200
    text = page_text(response)
    assert len(text) > 3000
    assert "<h1>" in text


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/mentions-legales/",
        "/compte/signup/",
        "/compte/login/",
        "/admin/login/",
        "/healthz",
        "/territoires/communes/?q=tours",
        "/page-qui-n-existe-pas/",
    ],
)
def test_a_strict_content_security_policy_is_on_every_response(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_no_page_of_the_frame_carries_inline_script_or_style(client):
    for url, status in [
        ("/", 200),
        ("/compte/signup/", 200),
        ("/compte/login/", 200),
        ("/accessibilite/", 200),
        ("/page-inconnue/", 404),
    ]:
        content = page_text(client.get(url), status)
        assert "<script>" not in content
        assert " style=" not in content
        assert "<style" not in content


def test_an_unknown_page_is_a_french_404_in_the_layout(client):
    response = client.get("/page-qui-n-existe-pas/")
    assert response.status_code == 404
    content = page_text(response, 404)
    assert "Page introuvable" in content
    assert "Mentions légales" in content


def test_the_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_only_answers_reads(client):
    assert client.post("/healthz").status_code == 405


def test_staff_reach_the_admin_through_the_sites_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/login/?next=/admin/"
    assertContains(response, "Connexion")


def test_a_staff_member_lands_in_the_french_admin_after_logging_in(client):
    from tests.factories import PASSWORD, ModeratorFactory

    moderator = ModeratorFactory()
    response = client.post(
        "/compte/login/?next=/admin/",
        {"login": moderator.email, "password": PASSWORD, "next": "/admin/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/"
    assertContains(response, "Administration du portail Cré-sol")


def test_a_member_who_is_not_staff_does_not_get_into_the_admin(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assertContains(response, "Accès refusé", status_code=403)


def test_the_navigation_marks_the_current_page(client):
    content = page_text(client.get("/"))
    assert '<a href="/" aria-current="page">Accueil</a>' in content


def test_the_server_error_page_is_french_and_needs_neither_database_nor_request():
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert '<html lang="fr">' in page
    assert "Une erreur est survenue" in page


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = page_text(response).splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for private in ("/admin/", "/mon-espace/", "/compte/", "/initiatives/proposer/", "/*/modifier/"):
        assert f"Disallow: {private}" in lines
    # The public sections stay open: no line shuts a section or the whole site.
    assert not [line for line in lines if line in ("Disallow: /", "Disallow: /carte/", "Disallow: /agenda/")]
    assert client.get("/sitemap.xml").status_code == 200


def test_the_favicon_answers_at_the_address_browsers_ask(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
    assertContains(client.get("/"), 'rel="icon"')


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/initiatives/",
        "/carte/",
        "/agenda/",
        "/blog/",
        "/veille/",
        "/ressources/",
        "/personnes-ressources/",
        "/observatoire/",
        "/donnees/",
    ],
)
def test_the_home_page_and_the_lists_tell_a_shared_link_what_they_are(client, url):
    page = page_text(client.get(url))
    for tag in ("og:type", "og:title", "og:description", "og:url", "og:site_name", "og:locale"):
        assert f'<meta property="{tag}" content="' in page, (url, tag)
    assert f'<meta property="og:url" content="http://testserver{url}">' in page


def test_no_page_skips_a_heading_level(client, world):
    """/veille/echeances/ went from its h1 to h3: screen-reader users move by headings, and a skipped
    level reads as a missing section. Every page, for a visitor and for a member."""
    import re
    from datetime import timedelta

    from django.utils import timezone

    from tests.core.test_url_sweep import every_path
    from tests.factories import make_share

    make_share(title="Appel à projets ESS", deadline=timezone.localdate() + timedelta(days=20))  # on /veille/echeances/
    checked, skips = 0, []
    for who in ("visitor", "member"):
        if who == "member":
            client.force_login(world["member"])
        for path in every_path(world):
            response = client.get(path)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            page = response.content.decode()
            if "<h1" not in page:  # a fragment (a map's popup)
                continue
            levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page.split("<main", 1)[-1])]
            checked += 1
            for before, after in zip(levels, levels[1:], strict=False):
                if after > before + 1:
                    skips.append(f"{who} {path}: h{before} then h{after}")
                    break
    assert checked > 60 and not skips, skips
