"""The map's own feeds: newly published initiatives, filtered like the map."""

from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains

from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_the_feeds_list_new_initiatives_newest_first_with_the_maps_filters(client):
    habitat = Theme.objects.get(slug="habitat")
    now = timezone.now()
    InitiativeFactory(name="Ressourcerie ancienne", published_at=now - timedelta(days=30))
    InitiativeFactory(name="Habitat groupé", themes=[habitat], published_at=now - timedelta(days=1))
    InitiativeFactory(name="Pas encore publiée", status=Status.PENDING, published_at=None)
    for url in ("/initiatives/flux/", "/initiatives/flux/atom/"):
        feed = feedparser.parse(page_text(client.get(url)))
        assert not feed.bozo, feed.bozo_exception
        titles = [entry.title for entry in feed.entries]
        assert titles == ["Habitat groupé (Tours)", "Ressourcerie ancienne (Tours)"]
        assert "/initiatives/ressourcerie-numero-" in feed.entries[0].link
        assert feed.entries[0].id.startswith("tag:cresol.fr,2026:initiatives/initiative/")
    filtered = feedparser.parse(page_text(client.get("/initiatives/flux/atom/", {"theme": "habitat"})))
    assert [entry.title for entry in filtered.entries] == ["Habitat groupé (Tours)"]
    assert filtered.feed.title == "Archipel O Centre — nouvelles initiatives — Habitat"
    bad = client.get("/initiatives/flux/", {"departement": "99"})
    assert bad.status_code == 400 and "departement" in bad.json()["details"]
    assertContains(client.get("/initiatives/"), 'href="/initiatives/flux/atom/"')


def test_the_feed_runs_the_same_queries_whatever_the_data(client, django_assert_num_queries, page_cache_off):
    InitiativeFactory(name="Première")
    with django_assert_num_queries(999, exact=False) as few:
        assertContains(client.get("/initiatives/flux/"), "Première")
    for number in range(6):
        InitiativeFactory(name=f"Suivante {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        assertContains(client.get("/initiatives/flux/"), "Suivante 5")
