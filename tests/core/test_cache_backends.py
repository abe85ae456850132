"""The cache, in the database by default or in Redis with REDIS_URL: rate limits hold with both."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from pytest_django.asserts import assertContains

from cresol.core import ratelimit
from tests.factories import UserFactory
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
    cache.clear()
    return request.param


def test_the_backend_is_the_one_asked_for(cache_backend):
    from django.core.cache import caches

    expected = {"database": "DatabaseCache", "redis": "RedisCache"}[cache_backend]
    assert type(caches["default"]).__name__ == expected
    cache.set("essai", "valeur", 30)
    assert cache.get("essai") == "valeur"


def test_a_rate_limit_refuses_past_its_limit_and_counts_each_address_apart(cache_backend):
    def from_address(address):
        request = RequestFactory().post("/", REMOTE_ADDR=address)
        return ratelimit.hit(request, scope="essai", limit=3, window_seconds=60)

    assert [from_address("203.0.113.1") for _ in range(4)] == [True, True, True, False]
    assert from_address("203.0.113.2") is True  # another address starts its own count


def test_repeated_failed_logins_are_slowed_down(client, cache_backend):
    member = UserFactory()
    for _ in range(5):
        client.post("/compte/login/", {"login": member.email, "password": "mauvais mot de passe"})
    response = client.post("/compte/login/", {"login": member.email, "password": "mauvais mot de passe"})
    assertContains(response, "Trop de tentatives")
