"""Anonymous pages from the cache, and every change to published content visible at once."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from tests.admin_forms import form_data
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    client = Client()
    client.force_login(ModeratorFactory())
    return client


def test_a_second_anonymous_visit_is_served_from_the_cache_in_one_query(client, django_assert_num_queries):
    InitiativeFactory(name="Ressourcerie de Blois")
    first = client.get("/initiatives/")
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(1):  # the page and the content version, read together
        second = client.get("/initiatives/")
    assert second.status_code == 200 and second["X-Cache"] == "hit"
    assert second.content == first.content and "Ressourcerie de Blois" in page_text(second)
    # The outer middleware still answers for every response: the policy and the security headers.
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY" and second["Content-Type"] == first["Content-Type"]


def test_pages_with_a_form_token_and_members_own_pages_are_never_cached(client):
    initiative = InitiativeFactory()
    client.get("/initiatives/")
    assert client.get("/initiatives/")["X-Cache"] == "hit"  # positive control
    report_page = f"/initiatives/{initiative.slug}/signaler/"
    assert client.get(report_page).status_code == 200
    assert not client.get(report_page).has_header("X-Cache")  # it carries a CSRF token
    client.force_login(UserFactory())
    assert client.get("/initiatives/")["X-Cache"] == "miss"  # a shared page: the member's own copy
    for page in (report_page, "/mon-espace/"):
        for _ in range(2):
            answer = client.get(page)
        assert answer.status_code == 200 and not answer.has_header("X-Cache")
        assertContains(answer, "Se déconnecter")


def test_a_moderators_approval_is_on_the_public_pages_at_once(client, moderator):
    pending = InitiativeFactory(name="Bientôt en ligne", status=Status.PENDING, published_at=None)
    for _ in range(2):
        listing = client.get("/initiatives/")
    assert listing["X-Cache"] == "hit" and "Bientôt en ligne" not in page_text(listing)
    moderator.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "approve_selected", "_selected_action": [pending.pk]},
    )
    assertContains(client.get("/initiatives/"), "Bientôt en ligne")
    assertContains(client.get("/carte/initiatives.geojson"), "Bientôt en ligne")


def test_an_edit_in_the_admin_is_on_the_public_page_at_once(client, moderator):
    initiative = InitiativeFactory(name="Ancien nom")
    page = initiative.get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Cache"] == "hit"
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    data = form_data(moderator.get(url))
    data.update({"name": "Nouveau nom", "social_links": "", "tags": ""})
    assert moderator.post(url, data).status_code == 302
    assertContains(client.get(page), "Nouveau nom")


def test_events_an_import_publishes_in_bulk_are_on_the_agenda_at_once(client):
    from datetime import timedelta

    from django.utils import timezone

    from agenda.models import Event
    from agenda.services import events_create
    from cresol.moderation.models import Action
    from cresol.moderation.services import moderation_decide_new
    from tests.factories import _commune

    client.get("/agenda/")
    assert client.get("/agenda/")["X-Cache"] == "hit"
    start = timezone.now() + timedelta(days=3)
    end = start + timedelta(hours=2)
    events = [
        Event(
            title=f"Atelier importé {n}",
            slug=f"atelier-importe-{n}",
            start=start,
            end=end,
            commune=_commune("37261"),
            status=Status.DRAFT,
        )
        for n in range(3)
    ]
    events_create(events=events)
    moderation_decide_new(objs=events, action=Action.PUBLISH, by=None)
    assert page_text(client.get("/agenda/")).count("Atelier importé") == 3


def test_a_compressed_copy_reaches_only_the_clients_that_take_gzip(client):
    import gzip

    for number in range(30):  # enough for the view to compress
        InitiativeFactory(name=f"Ressourcerie {number}")
    for _ in range(2):
        compressed = client.get("/carte/initiatives.geojson", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["X-Cache"] == "hit" and compressed["Content-Encoding"] == "gzip"
    assert b"Ressourcerie 29" in gzip.decompress(compressed.content)
    for _ in range(2):
        plain = client.get("/carte/initiatives.geojson")
    assert plain["X-Cache"] == "hit" and not plain.has_header("Content-Encoding")
    assert b"Ressourcerie 29" in plain.content


def test_many_writes_in_one_transaction_set_the_version_once_yet_a_page_cached_between_goes_stale(client):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        for number in range(20):  # four signals each: the save, its themes, its tags...
            InitiativeFactory(name=f"Ressourcerie {number}")
    cache_writes = [q for q in queries.captured_queries if "cresol_page_cache" in q["sql"]]
    assert 0 < len(cache_writes) <= 3  # one new version (a set is up to three statements), not eighty
    client.get("/initiatives/")
    assert client.get("/initiatives/")["X-Cache"] == "hit"
    InitiativeFactory(name="Arrivée après la mise en cache")  # same test transaction, commit still due
    assertContains(client.get("/initiatives/"), "Arrivée après la mise en cache")


def test_a_fetch_that_changes_nothing_leaves_the_cached_pages_alone(client, http_server):
    """Every 30 minutes the feeds and calendars were fetched, and their bookkeeping (last fetch, ETag,
    notes) emptied the cache of every page, whether anything changed or not."""
    from agenda.importer import import_source
    from agenda.models import ImportSource
    from veille.models import Source
    from veille.services import sources_fetch

    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//P//FR\r\nBEGIN:VEVENT\r\nUID:a@p\r\nSUMMARY:Atelier vélo\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20300105T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    route = http_server.route("/agenda.ics", body=calendar.encode())
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Article</title>'
        "<link>https://media.example.org/a</link></item></channel></rss>"
    )
    http_server.route("/flux.xml", body=feed.encode(), headers={"ETag": '"v1"'})
    partner = ImportSource.objects.create(name="Partenaire", url=http_server.url("/agenda.ics"), trusted=True)
    source = Source.objects.create(name="Média", feed_url=http_server.url("/flux.xml"))
    import_source(partner)
    sources_fetch([source])
    client.get("/agenda/")
    assert client.get("/agenda/")["X-Cache"] == "hit"
    import_source(ImportSource.objects.get(pk=partner.pk))  # the same calendar: nothing changed
    route.headers = {"ETag": '"c1"'}
    import_source(ImportSource.objects.get(pk=partner.pk))
    import_source(ImportSource.objects.get(pk=partner.pk))  # answered 304
    sources_fetch([Source.objects.get(pk=source.pk)])  # answered 304
    http_server.route("/flux.xml", body=feed.encode())
    sources_fetch([Source.objects.get(pk=source.pk)])  # read again, no new item
    assert client.get("/agenda/")["X-Cache"] == "hit"
    # Positive control: the partner changes the event, the page shows it at once.
    route.body, route.headers = calendar.replace("Atelier vélo", "Atelier vélo-école").encode(), {}
    import_source(ImportSource.objects.get(pk=partner.pk))
    assertContains(client.get("/agenda/?du=2030-01-01&au=2030-01-31"), "Atelier vélo-école")
    assert client.get("/agenda/")["X-Cache"] == "miss"


def test_a_cached_answer_has_every_header_of_the_first_on_every_cacheable_page(client, world):
    """The embeddable map's first answer allowed any frame ancestor, its cached copy none: a partner's
    iframe went blank from the second visit on. Every page, asked twice, answers with the same headers."""
    from tests.core.test_url_sweep import every_path

    compared, differences = [], []
    for path in every_path(world):
        first = client.get(path)
        if first.status_code != 200 or first.get("X-Cache") != "miss":
            continue
        second = client.get(path)
        if second.get("X-Cache") != "hit":  # a link that writes (a confirmation): its page is made again
            continue
        headers = [
            {name: value for name, value in response.items() if name != "X-Cache"} for response in (first, second)
        ]
        compared.append(path)
        if headers[0] != headers[1]:
            differences.append(f"{path}: {headers[0]} != {headers[1]}")
    assert len(compared) > 40 and "/carte/embed/" in compared
    assert not differences, "\n".join(differences)
    first, embed = client.get("/carte/embed/?theme=habitat"), client.get("/carte/embed/?theme=habitat")
    assert (first["X-Cache"], embed["X-Cache"]) == ("miss", "hit")
    assert "frame-ancestors *" in first["Content-Security-Policy"]
    assert embed["Content-Security-Policy"] == first["Content-Security-Policy"]


# --- Each section has its own version; a page depends on what it reads -----------------------------


def cached(client, *paths):
    """Each page asked twice: the second answer must come from the cache."""
    for path in paths:
        client.get(path)
        assert client.get(path)["X-Cache"] == "hit", path


def test_a_comment_leaves_the_map_cached_and_shows_at_once_on_the_article_and_the_blog(client):
    from blog.services import comment_create
    from tests.factories import make_post

    InitiativeFactory(name="Ressourcerie de Blois")
    post = make_post(title="Coopérer entre associations")
    map_pages = ["/carte/", "/initiatives/", "/carte/initiatives.geojson"]
    cached(client, *map_pages, post.get_absolute_url())
    comment_create(post=post, body="Un commentaire tout neuf", by=UserFactory())
    for path in map_pages:
        assert client.get(path)["X-Cache"] == "hit", path
    # A visitor's copy of an article with comments is not kept (it carries the report forms' CSRF
    # token); a member's shared copy is, and is built again.
    member = Client()
    member.force_login(UserFactory())
    article = member.get(post.get_absolute_url())
    assert article["X-Cache"] == "miss"
    assertContains(article, "Un commentaire tout neuf")
    assert member.get(post.get_absolute_url())["X-Cache"] == "hit"


def test_a_feed_fetch_and_a_share_leave_the_map_and_the_agenda_cached(client, http_server):
    from tests.factories import make_event, veilleur
    from veille.models import Source
    from veille.services import share_create, sources_fetch

    make_event(title="Atelier vélo")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Un article frais</title>'
        "<link>https://media.example.org/frais</link></item></channel></rss>"
    )
    http_server.route("/flux.xml", body=feed.encode())
    source = Source.objects.create(name="Média", feed_url=http_server.url("/flux.xml"))
    cached(client, "/carte/", "/agenda/", "/veille/")
    sources_fetch([source])
    share_create(by=veilleur(), url="https://media.example.org/frais", title="Un partage frais", comment="À lire.")
    assert client.get("/carte/")["X-Cache"] == "hit"
    assert client.get("/agenda/")["X-Cache"] == "hit"
    watch = client.get("/veille/")
    assert watch["X-Cache"] == "miss"
    assertContains(watch, "Un partage frais")


def test_the_home_page_shows_a_change_of_any_section_at_once(client):
    from tests.factories import make_event, make_post

    cached(client, "/")
    make_post(title="Un article du jour")
    assertContains(client.get("/"), "Un article du jour")
    cached(client, "/")
    make_event(title="Une fête de quartier")
    assertContains(client.get("/"), "Une fête de quartier")


def test_an_initiative_leaves_the_blog_cached_and_a_theme_change_does_not(client, moderator):
    from cresol.themes.models import Theme
    from tests.factories import make_post

    make_post(title="Coopérer entre associations")
    cached(client, "/blog/")
    InitiativeFactory(name="Ressourcerie de Blois")
    assert client.get("/blog/")["X-Cache"] == "hit"
    # Positive control: the blog shows the themes, so renaming one shows at once on its page.
    theme = Theme.objects.get(slug="reemploi-zero-dechet")
    theme.name = "Réemploi et sobriété"
    theme.save()
    blog = client.get("/blog/")
    assert blog["X-Cache"] == "miss"
    assertContains(blog, "Réemploi et sobriété")


# --- No stampede: one rebuild, the others get the previous copy for a bounded time -----------------


def test_while_a_page_is_rebuilt_others_get_the_previous_copy_and_the_author_the_new(client, monkeypatch):
    from cresol.core import pagecache

    initiative = InitiativeFactory(name="Ancien nom")
    page = initiative.get_absolute_url()
    cached(client, page)
    request = client.get(page).wsgi_request
    lock = f"{pagecache.page_key(request)}:lock"
    assert pagecache.cache().add(lock, 1, pagecache.REBUILD_SECONDS)  # another request is rebuilding it
    initiative.name = "Nouveau nom"
    initiative.save()
    stale = client.get(page)
    assert stale["X-Cache"] == "stale" and "Ancien nom" in page_text(stale)
    client.cookies[pagecache.FRESH_COOKIE] = "1"  # the author of the change
    assertContains(client.get(page), "Nouveau nom")
    del client.cookies[pagecache.FRESH_COOKIE]
    pagecache.cache().delete(lock)  # the rebuild is over (or the lock expired)
    fresh = client.get(page)
    assert fresh["X-Cache"] == "hit" and "Nouveau nom" in page_text(fresh)


def test_an_expired_page_is_rebuilt_by_one_request_while_the_next_get_the_copy(client, monkeypatch, settings):
    import time

    from cresol.core import pagecache

    InitiativeFactory(name="Ressourcerie de Blois")
    cached(client, "/initiatives/")
    later = time.time() + settings.PAGE_CACHE_TTL + 1
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    request = client.get("/initiatives/").wsgi_request  # the copy is past its time
    lock = f"{pagecache.page_key(request)}:lock"
    assert pagecache.cache().get(lock) is None  # the rebuild is done, its lock let go
    assert client.get("/initiatives/")["X-Cache"] == "hit"
    monkeypatch.setattr(pagecache.time, "time", lambda: later + settings.PAGE_CACHE_TTL + 1)
    pagecache.cache().add(lock, 1, pagecache.REBUILD_SECONDS)  # someone is rebuilding it
    assert client.get("/initiatives/")["X-Cache"] == "stale"
