"""/blog/, a post, dossiers, authors, feeds and the sitemap: what readers and feed readers see."""

import html
import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from blog.services import comment_create, dossier_create
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, UserFactory, make_post
from tests.http import page_text

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(page_text(response))


def test_the_list_is_newest_first_and_filters_by_theme_kind_tag_and_author(client):
    claire = UserFactory(username="claire")
    make_post(title="Ancien", publish_at=timezone.now() - timedelta(days=3))
    make_post(
        title="Récent", author=claire, kind="portrait", tags=["vélo"], themes=[Theme.objects.get(slug="mobilite")]
    )
    content = text(client.get("/blog/"))
    assert content.index("Récent") < content.index("Ancien")
    for params in ({"theme": "mobilite"}, {"genre": "portrait"}, {"tag": "vélo"}, {"auteur": "claire"}):
        filtered = text(client.get("/blog/", params))
        assert "Récent" in filtered and "Ancien" not in filtered, params
    assert client.get("/blog/", {"theme": "inconnue"}).status_code == 400
    assert client.get("/blog/", {"page": "4"}).status_code == 404


def test_a_post_shows_authors_themes_initiatives_neighbours_related_posts_and_licence(client):
    coauthor = UserFactory(display_name="Karim B.")
    initiative = InitiativeFactory(name="Le Hangar")
    older = make_post(title="Avant", publish_at=timezone.now() - timedelta(days=5), tags=["tiers-lieu"])
    post = make_post(
        title="Le Hangar, tiers-lieu",
        slug="hangar",
        tags=["tiers-lieu"],
        body="## Un lieu\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    )
    post.coauthors.add(coauthor)
    post.related_initiatives.add(initiative)
    newer = make_post(title="Après", themes=[Theme.objects.get(slug="habitat")])
    content = text(client.get("/blog/hangar/"))
    assert "Karim B." in content
    assert '<h2 id="un-lieu">Un lieu</h2>' in content
    assert "<table>" in content
    assert "Le Hangar" in content and initiative.get_absolute_url() in content
    assert f'href="{older.get_absolute_url()}" rel="prev"' in content
    assert f'href="{newer.get_absolute_url()}" rel="next"' in content
    assert "À lire aussi" in content and "Avant" in content
    assert "CC BY-SA 4.0" in content
    assert '<meta property="og:type" content="article">' in content
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["@type"] == "BlogPosting"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_a_scheduled_post_is_absent_everywhere_until_its_time(client):
    make_post(title="Programmé", slug="programme", publish_at=timezone.now() + timedelta(days=2))
    assert client.get("/blog/programme/").status_code == 404
    for url in ("/blog/", "/blog/flux/", "/blog/flux/atom/", "/sitemap-blog.xml", "/"):
        assert "programme" not in page_text(client.get(url)).lower(), url
    from blog.models import Post

    Post.objects.filter(slug="programme").update(publish_at=timezone.now() - timedelta(minutes=1))
    # Its time has come, without any write: the cached pages show it once they expire (PAGE_CACHE_TTL).
    from django.core.cache import caches

    caches["pages"].clear()
    assert client.get("/blog/programme/").status_code == 200
    assertContains(client.get("/sitemap-blog.xml"), "/blog/programme/")
    assert "Programmé" in text(client.get("/blog/flux/"))


def test_unpublished_posts_are_404_for_readers_and_visible_to_their_author(client):
    author = UserFactory()
    make_post(slug="brouillon", status="draft", published_at=None, author=author)
    assert client.get("/blog/brouillon/").status_code == 404
    client.force_login(author)
    assert "Aperçu" in text(client.get("/blog/brouillon/"))


def test_feeds_parse_cleanly_with_full_content_and_per_theme(client):
    make_post(
        title="Habiter autrement", themes=[Theme.objects.get(slug="habitat")], body="## Titre\n\nCorps **complet**."
    )
    make_post(title="Autre sujet")
    for url in ("/blog/flux/", "/blog/flux/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert not parsed.bozo, parsed.bozo_exception
        assert {entry.title for entry in parsed.entries} == {"Habiter autrement", "Autre sujet"}
    themed = feedparser.parse(client.get("/blog/flux/atom/", {"theme": "habitat"}).content)
    [entry] = themed.entries
    full_text = entry.content[0].value if "content" in entry else entry.summary
    assert "<strong>complet</strong>" in full_text
    assert client.get("/blog/flux/", {"theme": "inconnue"}).status_code == 400


def test_dossiers_keep_their_chosen_order_and_show_only_published_posts(client):
    first, second = make_post(title="Premier"), make_post(title="Second")
    hidden = make_post(title="Caché", status="draft", published_at=None)
    dossier_create(title="Réemploi", slug="reemploi", intro="**Intro**", posts=[second, hidden, first])
    content = text(client.get("/blog/dossiers/reemploi/"))
    assert content.index("Second") < content.index("Premier")
    assert "Caché" not in content and "<strong>Intro</strong>" in content
    assert "2 articles" in text(client.get("/blog/dossiers/"))
    dossier_create(title="Pas prêt", slug="pas-pret", intro="x", posts=[first], is_published=False)
    assert client.get("/blog/dossiers/pas-pret/").status_code == 404


def test_an_authors_page_lists_their_published_posts(client):
    author = UserFactory(username="sophie", display_name="Sophie L.")
    make_post(title="De Sophie", author=author)
    assert "De Sophie" in text(client.get("/blog/auteurs/sophie/"))
    assert client.get("/blog/auteurs/inconnu/").status_code == 404


def test_an_initiative_page_shows_its_posts_and_the_home_page_the_latest(client):
    initiative = InitiativeFactory(slug="hangar")
    post = make_post(title="Au Hangar")
    post.related_initiatives.add(initiative)
    make_post(title="Ailleurs")
    assert "Dans le blog" in text(client.get("/initiatives/hangar/"))
    assert "Au Hangar" in text(client.get("/initiatives/hangar/"))
    home = text(client.get("/"))
    assert "Au Hangar" in home and "Ailleurs" in home


def test_list_post_and_feed_run_the_same_queries_with_few_or_many_posts(
    client, page_cache_off, django_assert_num_queries
):
    def populate(count, prefix):
        author = UserFactory()
        for index in range(count):
            post = make_post(title=f"{prefix} {index}", author=author, tags=[f"t{index}", "commun"])
            post.coauthors.add(UserFactory())
            for _ in range(3):
                comment_create(post=post, by=author, body="Bravo")
            post.related_initiatives.add(InitiativeFactory())

    populate(3, "Peu")
    target = make_post(title="Cible", slug="cible", tags=["commun"])
    urls = ["/blog/", "/blog/cible/", "/blog/flux/", "/blog/flux/atom/", "/sitemap-blog.xml"]
    counts = {}
    for url in urls:
        with django_assert_num_queries(99, exact=False) as captured:
            assert "cible" in page_text(client.get(url)).lower()
        counts[url] = len(captured.captured_queries)
    populate(25, "Beaucoup")
    for _ in range(10):
        comment_create(post=target, by=target.author, body="Encore")
    # The post page shows its new comments; the sitemap lists addresses; the others show the new posts.
    newest = {"/blog/cible/": "Encore", "/sitemap-blog.xml": "/blog/beaucoup-24/"}
    for url in urls:
        with django_assert_num_queries(counts[url]):
            assert newest.get(url, "Beaucoup") in page_text(client.get(url))


def test_a_post_describes_itself_in_json_ld_with_its_licence(client):
    import json
    import re

    make_post(title="Coopérer en Berry", slug="cooperer-en-berry")
    content = page_text(client.get("/blog/cooperer-en-berry/"))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["@type"] == "BlogPosting" and data["headline"] == "Coopérer en Berry"
    assert data["url"] == "http://testserver/blog/cooperer-en-berry/"
    assert data["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
