"""The caches, in the database by default or in Redis with REDIS_URL: rate limits hold with both,
whatever the page traffic."""

import copy

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.test import Client, RequestFactory
from pytest_django.asserts import assertContains

from cresol.core import ratelimit
from tests.factories import PASSWORD, UserFactory, make_person
from tests.servers import local_redis

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url():
    with local_redis() as url:
        yield url


@pytest.fixture(params=["database", "redis"])
def cache_backend(request, settings, monkeypatch):
    """The CACHES the settings build, with REDIS_URL unset or set."""
    import importlib

    import cresol.settings

    if request.param == "redis":
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    settings.CACHES = importlib.reload(cresol.settings).CACHES
    for alias in caches:
        caches[alias].clear()
    return request.param


def test_the_backend_is_the_one_asked_for(cache_backend):
    from django.core.cache import caches

    expected = {"database": ("CounterCache", "PageCache"), "redis": ("RedisCache", "RedisCache")}[cache_backend]
    assert (type(caches["default"]).__name__, type(caches["pages"]).__name__) == expected
    cache.set("essai", "valeur", 30)
    assert cache.get("essai") == "valeur"
    assert caches["pages"].get("essai") is None  # two caches, not one under two names


TRIAL = ratelimit.Limit("tests-essai", limit=3, window_seconds=60)


def from_address(address):
    return TRIAL.hit(RequestFactory().post("/", REMOTE_ADDR=address))


def test_a_rate_limit_refuses_past_its_limit_and_counts_each_address_apart(cache_backend):
    assert [from_address("203.0.113.1") for _ in range(4)] == [True, True, True, False]
    assert from_address("203.0.113.2") is True  # another address starts its own count


def test_an_ipv6_network_counts_as_one_address(cache_backend):
    """A subscriber holds a whole /64: moving within it does not start a new count."""
    assert [from_address(f"2001:db8:1:2::{number:x}") for number in range(1, 5)] == [True, True, True, False]
    assert from_address("2001:db8:1:3::1") is True  # the next /64 is another subscriber
    assert from_address("::ffff:203.0.113.7") is True and from_address("203.0.113.7") is True
    assert from_address("203.0.113.7") is True and from_address("::ffff:203.0.113.7") is False  # one address


def test_repeated_failed_logins_are_slowed_down(client, cache_backend):
    member = UserFactory()
    for _ in range(5):
        client.post("/compte/login/", {"login": member.email, "password": "mauvais mot de passe"})
    response = client.post("/compte/login/", {"login": member.email, "password": "mauvais mot de passe"})
    assertContains(response, "Trop de tentatives")


def test_the_login_lock_and_every_limit_survive_a_thousand_distinct_anonymous_pages(client, settings, cache_backend):
    """Counters once shared the pages' table, culled past 300 rows: 400 distinct pages lifted every limit."""
    if cache_backend == "database":  # the former cull threshold: a few hundred pages are enough to cull
        caches_setting = copy.deepcopy(settings.CACHES)
        caches_setting["pages"]["OPTIONS"]["MAX_ENTRIES"] = 300
        settings.CACHES = caches_setting
    settings.PAGE_CACHE = True
    member = UserFactory()
    person = make_person()
    right_password = {"login": member.email, "password": PASSWORD}
    for _ in range(6):
        client.post("/compte/login/", {"login": member.email, "password": "mauvais mot de passe"})
    assertContains(client.post("/compte/login/", right_password), "Trop de tentatives")
    for number in range(10):
        data = {
            "display_name": "Léa",
            "email": f"lea{number}@example.org",
            "password1": "jardins partagés 2026",
            "password2": "jardins partagés 2026",
            "charter": "on",
        }
        assert Client().post("/compte/signup/", data).status_code == 302
    # Every limit the portal declares, used up by this member, and by this address for a visitor.
    as_member, as_visitor = RequestFactory().post("/"), RequestFactory().post("/")
    as_member.user, as_visitor.user = member, AnonymousUser()
    who = {
        ratelimit.Per.MEMBER: [as_member],
        ratelimit.Per.ADDRESS: [as_visitor],
        ratelimit.Per.MEMBER_OR_ADDRESS: [as_member, as_visitor],
    }
    requests = [(limit, request) for limit in ratelimit.LIMITS.values() for request in who[limit.per]]
    assert set(ratelimit.LIMITS) >= {
        "address-search",
        "letter-subscribe",
        "person-contact",
        "initiative-propose",
        "initiative-report",
        "event-propose",
        "resource-propose",
        "blog-comment",
        "blog-comment-report",
        "blog-preview",
        "blog-image",
        "veille-share",
        "veille-preview",
    }
    for limit, request in requests:
        assert all(limit.hit(request) for _ in range(limit.limit)), limit.scope

    visitor = Client()
    for number in range(1000):
        assert visitor.get(f"/accessibilite/?q=a{number}")["X-Cache"] == "miss"
    assert visitor.get("/accessibilite/?q=a999")["X-Cache"] == "hit"
    if cache_backend == "database":  # positive control: the pages were culled indeed
        assert caches["pages"]._max_entries == 300
        assert not all(visitor.get(f"/accessibilite/?q=a{number}")["X-Cache"] == "hit" for number in range(300))

    assertContains(client.post("/compte/login/", right_password), "Trop de tentatives")
    refused = Client().post("/compte/signup/", {"email": "onzieme@example.org", "password1": "x", "password2": "x"})
    assert refused.status_code == 429
    for limit, request in requests:
        assert not limit.hit(request), f"{limit.scope} was lifted"
    visitor_of = Client()
    letter = visitor_of.post("/lettre/", {"email": "lectrice@example.org"})
    assertContains(letter, "Trop d&#x27;inscriptions", status_code=429)
    contact = {"name": "Léa", "email": "lea@example.org", "message": "Bonjour, une question."}
    assertContains(visitor_of.post(person.get_absolute_url(), contact), "beaucoup de messages", status_code=429)


def test_culling_the_database_page_cache_keeps_every_sections_content_version():
    """Past MAX_ENTRIES a third of the pages go; the versions every page is checked against stay (culled,
    they made every cached page stale at once)."""
    from cresol.core import versions
    from cresol.core.cache_backends import PageCache

    pages = PageCache("cresol_page_cache", {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    pages.set_many({versions.version_key(scope): f"v-{scope}" for scope in versions.scopes()}, None)
    for number in range(40):
        pages.set(f"pagecache:page:{number:03}", "une page", 600)
    kept_pages = [number for number in range(40) if pages.get(f"pagecache:page:{number:03}") is not None]
    assert len(kept_pages) < 40  # culled
    assert kept_pages  # positive control: not everything went
    assert all(pages.get(versions.version_key(scope)) == f"v-{scope}" for scope in versions.scopes())
