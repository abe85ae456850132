"""Sharing: members and veilleurs, the inbox, the address guard, and the public pages and feeds."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.factories import ModeratorFactory, UserFactory, make_share, veilleur
from tests.http import page_text
from veille.models import Item, Share, Source

pytestmark = pytest.mark.django_db


def text(response):
    return html.unescape(page_text(response))


def test_a_veilleurs_share_is_published_at_once_and_a_members_awaits_moderation(mailoutbox, run_jobs):
    from cresol.moderation.models import ModerationEvent

    moderator = ModeratorFactory()
    published = make_share()
    run_jobs()
    assert published.status == Status.PUBLISHED
    assert ModerationEvent.objects.get(object_id=published.pk).action == "publish"
    assert mailoutbox == []  # nobody to ask for a review, and the veilleur knows it is online
    pending = make_share(by=UserFactory(), url="https://example.org/autre")
    run_jobs()
    assert pending.status == Status.PENDING
    [message] = mailoutbox
    assert message.to == [moderator.email] and message.subject.startswith("[Cré-sol] À modérer")


def test_the_share_form_prefills_title_and_description_from_the_page(client, http_server):
    http_server.route(
        "/page.html",
        body="""<html><head><title>Titre brut</title>
        <meta property="og:title" content="Appel à projets ESS 2027">
        <meta name="description" content="Jusqu'à 20 000 € pour les projets coopératifs."></head></html>""".encode(),
    )
    client.force_login(UserFactory())
    content = text(client.get("/veille/partager/", {"url": http_server.url("/page.html")}))
    assert 'value="Appel à projets ESS 2027"' in content
    assert "Jusqu'à 20 000 € pour les projets coopératifs." in content


def test_a_link_to_a_loopback_or_private_address_is_refused(client, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    client.force_login(veilleur())
    for url in ("http://127.0.0.1:8000/admin/", "http://localhost/", "http://192.168.0.1/"):
        response = client.post("/veille/partager/", {"url": url, "title": "x", "comment": "y"})
        assert "Cette adresse est refusée" in text(response), url
        preview = text(client.get("/veille/partager/", {"url": url}))
        assert "n'a pas pu être lue" in preview
    assert not Share.objects.exists()


def test_a_share_with_its_themes_tags_and_deadline_shows_everywhere(client):
    client.force_login(veilleur())
    deadline = timezone.localdate() + timedelta(days=20)
    client.post(
        "/veille/partager/",
        {
            "url": "https://region.example.org/appel",
            "title": "Appel à projets régional",
            "comment": "Pour les SCIC.",
            "themes": [Theme.objects.get(slug="emploi-insertion").pk],
            "tags": "appel, financement",
            "deadline": deadline.isoformat(),
        },
    )
    share = Share.objects.get()
    assert share.status == Status.PUBLISHED
    for url in ("/veille/", "/veille/echeances/", "/veille/?theme=emploi-insertion", "/veille/?tag=appel", "/"):
        assert "Appel à projets régional" in text(client.get(url)), url
    week = f"/veille/semaine/{timezone.localdate().isocalendar()[0]}-W{timezone.localdate().isocalendar()[1]:02d}/"
    assert "Appel à projets régional" in text(client.get(week))


def test_past_deadlines_leave_the_deadlines_page():
    from django.test import Client

    past = make_share(
        deadline=timezone.localdate() - timedelta(days=1), url="https://example.org/fini", title="Appel à projets clos"
    )
    coming = make_share(
        deadline=timezone.localdate() + timedelta(days=7),
        url="https://example.org/ouvert",
        title="Appel à projets ouvert",
    )
    page = page_text(Client().get("/veille/echeances/"))
    assert coming.title in page  # positive control: the page lists deadlines
    assert past.title not in page


def test_the_feeds_parse_cleanly_and_take_the_filters(client):
    make_share(comment="<script>alert(1)</script> Utile", themes=[Theme.objects.get(slug="habitat")])
    make_share(url="https://example.org/b", title="Autre")
    for url in ("/veille/flux/", "/veille/flux/atom/"):
        raw = page_text(client.get(url))
        assert "&lt;script" not in raw
        parsed = feedparser.parse(raw)
        assert not parsed.bozo, parsed.bozo_exception
        assert len(parsed.entries) == 2
    themed = feedparser.parse(client.get("/veille/flux/atom/", {"theme": "habitat"}).content)
    assert [entry.title for entry in themed.entries] == ["Guide du financement solidaire"]


def test_the_sources_list_and_its_opml(client):
    source = Source.objects.create(name="Avise & co", feed_url="https://avise.example.org/flux.xml")
    Source.objects.create(name="Arrêtée", feed_url="https://x.example.org/f.xml", active=False)
    assertContains(client.get("/veille/sources/"), "Avise &amp; co")
    opml = client.get("/veille/sources.opml")
    assert opml["Content-Type"].startswith("text/x-opml")
    from xml.etree import ElementTree

    outlines = ElementTree.fromstring(opml.content).findall(".//outline")  # noqa: S314 - our own output
    assert [(o.get("text"), o.get("xmlUrl")) for o in outlines] == [("Avise & co", source.feed_url)]


def test_the_inbox_is_for_veilleurs_who_share_or_dismiss_in_one_step(client):
    feed = Source.objects.create(name="ESS", feed_url="https://ess.example.org/rss")
    feed.themes.add(Theme.objects.get(slug="tiers-lieux"))
    first = Item.objects.create(
        source=feed,
        entry_id="1",
        title="Premier",
        link="https://ess.example.org/1",
        canonical_link="https://ess.example.org/1",
    )
    second = Item.objects.create(
        source=feed,
        entry_id="2",
        title="Second",
        link="https://ess.example.org/2",
        canonical_link="https://ess.example.org/2",
    )
    client.force_login(UserFactory())
    assert client.get("/veille/boite/").status_code == 404
    client.force_login(veilleur())
    assert "Premier" in text(client.get("/veille/boite/"))
    client.post(f"/veille/boite/{first.pk}/partager/", {"comment": "À lire !"})
    client.post(f"/veille/boite/{second.pk}/ecarter/")
    share = Share.objects.get()
    assert (share.item, share.comment, share.status) == (first, "À lire !", Status.PUBLISHED)
    assert list(share.themes.values_list("slug", flat=True)) == ["tiers-lieux"]
    inbox = text(client.get("/veille/boite/"))
    assert f'id="article-{first.pk}"' not in inbox and f'id="article-{second.pk}"' not in inbox


def test_an_item_already_shared_from_another_source_leaves_the_inbox(client):
    one = Source.objects.create(name="Un", feed_url="https://un.example.org/rss")
    two = Source.objects.create(name="Deux", feed_url="https://deux.example.org/rss")
    Item.objects.create(
        source=one,
        entry_id="a",
        title="Même article",
        link="https://media.example.org/a?utm_source=un",
        canonical_link="https://media.example.org/a",
    )
    duplicate = Item.objects.create(
        source=two,
        entry_id="b",
        title="Même article (bis)",
        link="https://www.media.example.org/a/",
        canonical_link="https://media.example.org/a",
    )
    other = Item.objects.create(
        source=two,
        entry_id="c",
        title="Autre article",
        link="https://media.example.org/c",
        canonical_link="https://media.example.org/c",
    )
    make_share(url="https://media.example.org/a?utm_source=un", title="Même article")
    client.force_login(veilleur())
    inbox = text(client.get("/veille/boite/"))
    assert f'id="article-{other.pk}"' in inbox  # positive control: an item not shared yet is there
    assert f'id="article-{duplicate.pk}"' not in inbox


def test_veille_and_feed_run_the_same_queries_with_few_or_many_shares(
    client, page_cache_off, django_assert_num_queries
):
    by = veilleur()

    def populate(count, prefix):
        for index in range(count):
            make_share(
                by=by,
                url=f"https://example.org/{prefix}/{index}",
                title=f"{prefix} {index}",
                themes=list(Theme.objects.all()[:3]),
                tags=["a", f"t{index}"],
            )

    populate(3, "peu")
    urls = ["/veille/", "/veille/flux/", "/veille/flux/atom/", "/veille/echeances/", "/"]
    counts = {}
    # Every page answers and shows the newest shares (the deadlines page, those with a deadline: none).
    shows_shares = {url: url != "/veille/echeances/" for url in urls}
    for url in urls:
        with django_assert_num_queries(99, exact=False) as captured:
            text = page_text(client.get(url))
        assert ("peu 2" in text) is shows_shares[url]
        counts[url] = len(captured.captured_queries)
    populate(30, "beaucoup")
    for url in urls:
        with django_assert_num_queries(counts[url]):
            text = page_text(client.get(url))
        assert ("beaucoup 29" in text) is shows_shares[url]


def test_previews_are_rate_limited_per_member_and_the_form_still_opens(client, http_server):
    from veille.views import PREVIEWS

    route = http_server.route("/page.html", body=b"<html><head><title>Une page</title></head></html>")
    client.force_login(UserFactory())
    for number in range(PREVIEWS.limit):  # from a phone whose address changes: still one member
        page = client.get(
            "/veille/partager/", {"url": http_server.url("/page.html")}, REMOTE_ADDR=f"198.51.100.{number}"
        )
        assert 'value="Une page"' in text(page)
    over = client.get("/veille/partager/", {"url": http_server.url("/page.html")}, REMOTE_ADDR="203.0.113.7")
    assert over.status_code == 200
    assert "trop d'aperçus demandés" in text(over)
    assert http_server.url("/page.html") in text(over)  # the address is kept in the form
    assert route.hits == PREVIEWS.limit


def test_a_preview_never_takes_more_than_its_slots_of_the_web_worker(http_server):
    from veille import preview

    route = http_server.route("/page.html", body=b"<html><head><title>Une page</title></head></html>")
    assert preview.page_preview(http_server.url("/page.html"))["title"] == "Une page"
    with preview._preview_slots:  # another request is previewing
        busy = preview.page_preview(http_server.url("/page.html"))
    assert busy["error"].startswith("trop d'aperçus en cours")
    assert route.hits == 1


def test_a_pending_share_of_another_member_is_not_named_to_whoever_shares_the_same_link(client):
    author = UserFactory()
    make_share(by=author, url="https://example.org/secret", title="Titre confidentiel en relecture")
    client.force_login(UserFactory())
    other = text(client.get("/veille/partager/", {"url": "https://example.org/secret", "title": "x"}))
    assert "Titre confidentiel" not in other
    assert "déjà été proposé par un autre membre" in other
    client.force_login(author)
    own = text(client.get("/veille/partager/", {"url": "https://example.org/secret", "title": "x"}))
    assert "Vous avez déjà proposé ce lien : « Titre confidentiel en relecture »" in own


def test_the_source_filter_offers_only_the_sources_followed_now(client):
    Source.objects.create(name="Source suivie", feed_url="https://example.org/a.xml", active=True)
    Source.objects.create(name="Source abandonnée", feed_url="https://example.org/b.xml", active=False)
    content = text(client.get("/veille/"))
    assert ">Source suivie</option>" in content
    assert "Source abandonnée" not in content


def test_old_items_are_forgotten_at_night_and_their_shares_kept(settings):
    from datetime import timedelta

    from django.utils import timezone

    from veille.models import Item, Share, Source
    from veille.services import items_prune, share_item

    settings.WATCH_ITEMS_KEPT_DAYS = 30
    source = Source.objects.create(name="Flux", feed_url="https://flux.example.org/rss")
    now = timezone.now()

    def item(name, **dates):
        return Item.objects.create(
            source=source,
            entry_id=name,
            title=name,
            link=f"https://flux.example.org/{name}",
            canonical_link=f"https://flux.example.org/{name}",
            **dates,
        )

    item("recent", published_at=now - timedelta(days=3))
    item("ancien", published_at=now - timedelta(days=40))
    shared = item("ancien-partage", published_at=now - timedelta(days=40))
    undated = item("sans-date")
    Item.objects.filter(pk=undated.pk).update(fetched_at=now - timedelta(days=40))
    share = share_item(item=shared, by=veilleur(), comment="À garder.")

    assert items_prune() == 3
    assert list(Item.objects.values_list("title", flat=True)) == ["recent"]
    share.refresh_from_db()
    assert share.item is None and share.title == "ancien-partage"
    assert Share.objects.count() == 1


def test_a_moderator_adds_a_member_to_the_veilleurs_from_the_admin(client, mailoutbox, run_jobs):
    from veille.services import is_veilleur

    moderator, member, other = ModeratorFactory(), UserFactory(display_name="Nadia Haddad"), UserFactory()
    client.force_login(moderator)
    changelist = "/admin/veille/watchmember/"
    listing = page_text(client.get(changelist, {"q": "Haddad"}))
    assert "Nadia Haddad" in listing and str(other) not in listing
    response = client.post(changelist, {"action": "add_to_veilleurs", "_selected_action": [member.pk]}, follow=True)
    assertContains(response, "1 membre ajouté aux Veilleurs.")
    assert is_veilleur(member) and not is_veilleur(other)
    assertContains(client.get(changelist, {"veilleur": "oui"}), "Nadia Haddad")

    share = make_share(by=member, url="https://example.org/appel", title="Un appel à projets")
    assert share.status == Status.PUBLISHED  # a veilleur's share needs no review
    run_jobs()
    assert mailoutbox == []

    client.post(changelist, {"action": "remove_from_veilleurs", "_selected_action": [member.pk]})
    assert not is_veilleur(member)
    # The page changes nothing else of the account.
    assert client.get(f"{changelist}add/").status_code == 403
