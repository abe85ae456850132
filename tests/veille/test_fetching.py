"""Fetching sources from a local server: every feed dialect, broken ones, and runs that repeat."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.http import page_text
from veille.fetching import canonical, due_sources
from veille.models import Item, Source
from veille.services import sources_fetch

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "veille" / "demo_feeds"


def source(http_server, path, **fields):
    return Source.objects.create(name=path, feed_url=http_server.url(path), **fields)


@pytest.mark.parametrize(
    ("sample", "dialect"), [("ess-france.xml", "RSS 2.0"), ("avise.xml", "Atom 1.0"), ("reemploi.xml", "RSS 1.0")]
)
def test_rss2_atom_and_rss1_feeds_are_read(http_server, sample, dialect):
    http_server.route("/flux.xml", body=(SAMPLES / sample).read_bytes())
    feed = source(http_server, "/flux.xml")
    [report] = sources_fetch([feed])
    assert (report.error, report.new_items) == ("", 6), dialect
    item = Item.objects.filter(source=feed).order_by("-published_at").first()
    assert item.link.startswith("https://") and item.published_at is not None and item.title


def test_a_second_run_adds_nothing_and_a_304_is_used_when_offered(http_server):
    route = http_server.route("/flux.xml", body=(SAMPLES / "ess-france.xml").read_bytes(), headers={"ETag": '"abc"'})
    feed = source(http_server, "/flux.xml")
    sources_fetch([feed])
    feed.refresh_from_db()
    [second] = sources_fetch([feed])
    assert second.not_modified and Item.objects.count() == 6
    route.headers = {}
    [third] = sources_fetch([Source.objects.get(pk=feed.pk)])
    assert third.new_items == 0 and Item.objects.count() == 6


def test_summaries_are_sanitized(http_server):
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>Piege</title>
    <link>https://example.org/a</link><description>&lt;script&gt;alert(1)&lt;/script&gt;
    &lt;img src=x onerror=alert(2)&gt;&lt;b&gt;gras&lt;/b&gt;</description></item></channel></rss>"""
    http_server.route("/piege.xml", body=body)
    sources_fetch([source(http_server, "/piege.xml")])
    summary = Item.objects.get().summary
    assert "<b>gras</b>" in summary and "script" not in summary and "onerror" not in summary


def test_a_malformed_feed_is_kept_when_entries_can_be_read(http_server):
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>x & y</title><item><title>Lisible</title>
    <link>https://example.org/lisible</link></item></channel></rss>"""  # an unescaped "&": feedparser says bozo
    http_server.route("/bozo.xml", body=body)
    [report] = sources_fetch([source(http_server, "/bozo.xml")])
    assert report.error == "" and Item.objects.get().title == "Lisible"


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ({"body": b"<html><body>pas un flux</body></html>"}, "flux illisible"),
        ({"body": b"", "status": 503}, "503"),
        ({"body": b"<rss>" + b"x" * (4 * 1024 * 1024)}, "trop volumineux"),
    ],
)
def test_a_broken_source_is_recorded_with_backoff_and_the_others_are_fetched(http_server, route, message):
    http_server.route("/casse.xml", **route)
    http_server.route("/sain.xml", body=(SAMPLES / "avise.xml").read_bytes())
    broken, healthy = source(http_server, "/casse.xml"), source(http_server, "/sain.xml")
    call_command("fetch_feeds", stdout=io.StringIO())
    broken.refresh_from_db()
    assert message in broken.last_error and broken.consecutive_failures == 1
    assert broken.next_fetch_at > timezone.now()
    assert broken not in due_sources() and healthy in due_sources()
    assert Item.objects.filter(source=healthy).count() == 6


def test_a_slow_feed_times_out_without_holding_the_others(http_server, monkeypatch):
    import veille.fetching as fetching

    original = fetching.fetch
    monkeypatch.setattr(
        fetching, "fetch", lambda url, **kw: original(url, **{**kw, "read_timeout": 0.5, "deadline": 1})
    )
    http_server.route("/lent.xml", body=(SAMPLES / "avise.xml").read_bytes(), delay=2)
    http_server.route("/rapide.xml", body=(SAMPLES / "ess-france.xml").read_bytes())
    reports = {
        r.source.name: r for r in sources_fetch([source(http_server, "/lent.xml"), source(http_server, "/rapide.xml")])
    }
    assert "délai" in reports["/lent.xml"].error
    assert reports["/rapide.xml"].new_items == 6


def test_redirects_are_followed_and_checked(http_server, settings):
    http_server.route("/ancien.xml", status=301, headers={"Location": http_server.url("/nouveau.xml")})
    http_server.route("/nouveau.xml", body=(SAMPLES / "ess-france.xml").read_bytes())
    [report] = sources_fetch([source(http_server, "/ancien.xml")])
    assert report.new_items == 6
    http_server.route("/vers-prive.xml", status=302, headers={"Location": "http://10.1.2.3/flux.xml"})
    [refused] = sources_fetch([source(http_server, "/vers-prive.xml")])
    assert "réseau privé" in refused.error


def test_a_feed_on_a_private_address_is_refused(settings):
    settings.FETCH_ALLOWED_HOSTS = []
    feed = Source.objects.create(name="Intranet", feed_url="http://192.168.1.10/flux.xml")
    [report] = sources_fetch([feed])
    assert "réseau privé" in report.error


def test_the_same_article_from_two_sources_shares_its_canonical_link():
    assert canonical("https://www.Example.org/article/?utm_source=x&id=3#haut") == canonical(
        "http://example.org/article?id=3&fbclid=abc"
    )
    assert canonical("https://example.org/a?id=3") != canonical("https://example.org/a?id=4")


def test_opml_import_adds_sources_once(tmp_path):
    opml = tmp_path / "sources.opml"
    opml.write_text("""<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="Avise" xmlUrl="https://avise.example.org/flux.xml" htmlUrl="https://avise.example.org"/>
      <outline text="Dossier"><outline text="ESS" xmlUrl="https://ess.example.org/rss"/></outline>
      <outline text="Mauvais" xmlUrl="javascript:alert(1)"/></body></opml>""")
    call_command("import_opml", str(opml), stdout=io.StringIO())
    call_command("import_opml", str(opml), stdout=io.StringIO())
    assert sorted(Source.objects.values_list("name", flat=True)) == ["Avise", "ESS"]


WORDPRESS_LIKE = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Partenaire</title><link>https://partenaire.example/</link>
<item><title>Caf&amp;#233; &amp;amp; &amp;lt;em&amp;gt;solidaire&amp;lt;/em&amp;gt; &amp;#038; co&amp;rsquo;s</title>
  <link>/2026/11/cafe-solidaire/</link><pubDate>Tue, 24 Nov 2026 10:00:00 +0100</pubDate></item>
<item><title><![CDATA[Le <em>réemploi</em> ici&#038;là]]></title><link>https://partenaire.example/reemploi</link>
  <pubDate>Mon, 23 Nov 2026 10:00:00 +0100</pubDate></item>
<item><title>Sans date</title><link>https://partenaire.example/sans-date</link></item>
</channel></rss>""".encode()


def test_titles_are_plain_text_and_relative_links_are_resolved_against_the_feed(http_server, client):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory
    from veille.apps import VEILLEURS_GROUP

    http_server.route("/blog/feed/", body=WORDPRESS_LIKE)
    feed = source(http_server, "/blog/feed/")
    [report] = sources_fetch([feed])
    assert report.new_items == 3
    titles = dict(Item.objects.values_list("link", "title"))
    assert titles[http_server.url("/2026/11/cafe-solidaire/")] == "Café & solidaire & co’s"
    assert titles["https://partenaire.example/reemploi"] == "Le réemploi ici&là"
    veilleur = UserFactory()
    veilleur.groups.add(Group.objects.get_or_create(name=VEILLEURS_GROUP)[0])
    client.force_login(veilleur)
    inbox = page_text(client.get("/veille/boite/"))
    # Dated items first, newest first; the undated one last.
    assert inbox.index("solidaire") < inbox.index("ici&amp;là") < inbox.index("Sans date")


def test_entries_older_than_the_watch_keeps_are_not_fetched_again(http_server, settings):
    from email.utils import format_datetime

    settings.WATCH_ITEMS_KEPT_DAYS = 30
    now = timezone.now()
    entries = "".join(
        f"<item><title>{title}</title><link>https://media.example.org/{title}</link>"
        f"<pubDate>{format_datetime(now - timedelta(days=days))}</pubDate></item>"
        for title, days in (("recent", 2), ("ancien", 400))
    )
    feed = f'<rss version="2.0"><channel><title>M</title>{entries}</channel></rss>'
    http_server.route("/flux.xml", body=feed.encode())
    [report] = sources_fetch([source(http_server, "/flux.xml")])
    assert report.new_items == 1
    assert list(Item.objects.values_list("title", flat=True)) == ["recent"]


BIG5_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>社區合作</title><link>https://tw.example.org/</link>
<item><title>社會連帶經濟工作坊</title><link>https://tw.example.org/a</link></item></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (BIG5_FEED.encode("big5"), "application/rss+xml; charset=big5"),  # no encoding in the XML declaration
        (BIG5_FEED.encode("big5"), "text/plain; charset=Big5"),
        (BIG5_FEED.encode("utf-8"), "text/plain"),  # a server that knows no better
        (BIG5_FEED.encode("utf-8"), "text/html; charset=utf-8"),
    ],
)
def test_the_servers_content_type_and_charset_are_how_a_feed_is_read(http_server, body, content_type):
    """A valid Big5 feed, or one served as text/plain, was "illisible" or read as mojibake."""
    http_server.route("/flux.xml", body=body, headers={"Content-Type": content_type})
    feed = source(http_server, "/flux.xml")
    [report] = sources_fetch([feed])
    assert (report.error, report.new_items) == ("", 1), content_type
    assert Item.objects.get().title == "社會連帶經濟工作坊"


ESCAPED_TITLES = {
    "/flux.rss": """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
<item><title>&lt;b&gt;Gras&lt;/b&gt; : 3 &lt; 4</title><link>https://a.example/1</link></item></channel></rss>""",
    "/flux.atom": """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title type="html">&amp;lt;b&amp;gt;Gras&amp;lt;/b&amp;gt; &lt;em&gt;ici&lt;/em&gt;</title><id>2</id>
<link href="https://a.example/2"/></entry>
<entry><title type="text">&lt;b&gt; en texte</title><id>3</id><link href="https://a.example/3"/></entry></feed>""",
}


def test_a_title_with_escaped_markup_keeps_it_as_text(http_server, client):
    """An escaped "<b>" is text the partner wrote: shown as "<b>", not dropped as a tag; a real tag is."""
    for path, body in ESCAPED_TITLES.items():
        http_server.route(path, body=body.encode())
        sources_fetch([source(http_server, path)])
    titles = dict(Item.objects.values_list("link", "title"))
    assert titles == {
        "https://a.example/1": "<b>Gras</b> : 3 < 4",
        "https://a.example/2": "<b>Gras</b> ici",
        "https://a.example/3": "<b> en texte",
    }
