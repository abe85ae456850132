"""Slugs are unique, numbered past namesakes, and found in one query however many namesakes exist."""

import pytest

from agenda.services import unique_slug as event_slug
from blog.services import unique_slug as post_slug
from initiatives.models import InitiativeSlug
from initiatives.services import unique_slug as initiative_slug
from tests.factories import InitiativeFactory, make_event

pytestmark = pytest.mark.django_db


def test_a_slug_is_numbered_past_every_namesake_in_one_query(django_assert_num_queries):
    for _ in range(3):
        make_event(title="Repair café", slug=event_slug("Repair café"))
    with django_assert_num_queries(1):
        assert event_slug("Repair café") == "repair-cafe-4"
    for number in range(4, 40):
        make_event(title="Repair café", slug=f"repair-cafe-{number}")
    with django_assert_num_queries(1):
        assert event_slug("Repair café") == "repair-cafe-40"
    assert event_slug("Repair café des Tanneurs") == "repair-cafe-des-tanneurs"  # a longer one is free


def test_reserved_words_and_old_slugs_are_never_given():
    assert event_slug("Flux") == "flux-evenement"
    assert post_slug("Écrire") == "ecrire-article"
    initiative = InitiativeFactory(slug="la-ressourcerie")
    InitiativeSlug.objects.create(initiative=initiative, slug="ancienne-ressourcerie")
    assert initiative_slug("Ancienne ressourcerie") == "ancienne-ressourcerie-2"  # an old address still redirects
    assert initiative_slug("La Ressourcerie", exclude_pk=initiative.pk) == "la-ressourcerie"
