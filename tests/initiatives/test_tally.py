"""The counts of published initiatives per commune and theme that PostgreSQL keeps: right after every
kind of write, whoever makes it, and the pages that show them."""

import pytest
from django.db.models import Q

from cresol.moderation.models import Action, Status
from cresol.moderation.services import moderation_decide_selected
from cresol.themes.models import Theme
from initiatives import services, tally
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, ModeratorFactory, _commune

pytestmark = pytest.mark.django_db


def fresh_count(**lookups) -> int:
    return Initiative.objects.published().filter(**lookups).distinct().count()


def test_the_counts_follow_every_kind_of_write():
    habitat, mobilite = Theme.objects.get(slug="habitat"), Theme.objects.get(slug="mobilite")
    tours, bourges = _commune("37261"), _commune("18033")
    first = InitiativeFactory(commune=tours, themes=[habitat])
    second = InitiativeFactory(commune=tours, themes=[habitat, mobilite])
    pending = InitiativeFactory(commune=bourges, themes=[mobilite], status=Status.PENDING, published_at=None)
    assert tally.published_count() == 2 and tally.published_count(theme=habitat) == 2
    decided, _problems = moderation_decide_selected(  # a moderator's bulk approval: no signal
        queryset=Initiative.objects.filter(pk=pending.pk), action=Action.APPROVE, by=ModeratorFactory()
    )
    assert decided == 1
    assert tally.published_count(Q(commune__departement__code="18")) == 1
    second.themes.remove(habitat)
    first.commune = bourges
    first.save()
    Initiative.objects.filter(pk=pending.pk).update(status=Status.DRAFT)
    imported = [
        Initiative(
            name=f"Importée {n}", slug=f"importee-{n}", commune=tours, point=tours.point, email="contact@example.org"
        )
        for n in range(3)
    ]
    for initiative in imported:
        initiative.status, initiative.published_at = Status.PUBLISHED, initiative.created_at
    services.initiatives_create(initiatives=imported, themes_of=lambda initiative: [mobilite])  # bulk_create
    second.delete()
    assert tally.tally_differences() == [], [(c, t, k, f) for c, t, k, f in tally.tally_differences()]
    assert tally.published_count() == fresh_count()
    assert tally.published_count(theme=mobilite) == fresh_count(themes=mobilite)
    assert tally.published_count(Q(commune__departement__code="37")) == fresh_count(commune__departement__code="37")
    counts = {theme.slug: theme.initiative_count for theme in tally.themes_with_counts()}
    assert counts == {
        theme.slug: fresh_count(themes=theme) for theme in Theme.objects.all() if fresh_count(themes=theme)
    }
