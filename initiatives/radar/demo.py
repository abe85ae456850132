"""Demo radars for `make run`: forty initiatives filled it (by the moderation team, for them), a dozen
twice six months apart, ten show it on their page; enough for the observatory's averages to appear."""

import random
from datetime import timedelta
from typing import TextIO

from django.contrib.auth import get_user_model
from django.utils import timezone

from initiatives.models import Initiative

from . import services
from .models import Grid

FILLED = 40


def load_demo(stdout: TextIO) -> None:
    grid = Grid.objects.current()
    moderator = get_user_model().objects.filter(is_staff=True, email="moderation@example.org").first()
    if grid is None or moderator is None:
        return
    grid = Grid.objects.prefetch_related("axes__questions").get(pk=grid.pk)
    questions = [question.pk for axis in grid.axes.all() for question in axis.questions.all()]
    chance = random.Random(15)  # noqa: S311 - demo content, not security
    today = timezone.localdate()
    initiatives = Initiative.objects.published().filter(is_demo=True).order_by("id")[:FILLED]
    for position, initiative in enumerate(initiatives):
        dates = (
            [today - timedelta(days=182), today] if position < 12 else [today - timedelta(days=chance.randint(1, 90))]
        )
        base = chance.randint(0, 2)
        for step, day in enumerate(dates):
            answers = {
                pk: (min(4, base + step + chance.randint(0, 2)) if chance.random() > 0.1 else None, "")
                for pk in questions
            }
            assessment = services.assessment_fill(
                initiative=initiative, grid=grid, answers=answers, by=moderator, filled_on=day
            )
        if position < 10:
            services.assessment_set_public(assessment=assessment, public=True, by=moderator)
    stdout.write(f"  {len(initiatives)} radars de l'innovation sociale remplis")
