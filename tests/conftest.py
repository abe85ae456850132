"""Fixtures shared by the whole suite. Tests run against the real PostgreSQL/PostGIS database."""

import pytest
from django.core.management import call_command

from cresol.territories.loader import load_territories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the region's real territories and the cache table, loaded once."""
    with django_db_blocker.unblock():
        load_territories()
        call_command("createcachetable")


@pytest.fixture(autouse=True)
def _clear_cache(db):
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
