"""Demo content of Archipel O Centre for `make run`: about 150 initiatives over the six départements."""

from django.contrib.auth import get_user_model

from cresol.moderation.models import Status

from .generator import build, save_generated
from .models import Report

PUBLISHED = 144
PENDING = 6


def load_demo(stdout):
    members = list(get_user_model().objects.filter(email__endswith="@example.org", is_staff=False)[:3])
    published = build(PUBLISHED, seed=24)
    pending = build(PENDING, seed=99, status=Status.PENDING, slug_prefix="a-moderer-")
    for position, initiative in enumerate(pending):
        initiative.submitted_by = members[position % len(members)] if members else None
    created = save_generated(published + pending)
    # Some reports, so that moderators see how they arrive.
    for initiative in created[:2]:
        Report.objects.create(initiative=initiative, reason=Report.Reason.WRONG, comment="Le téléphone a changé.")
    stdout.write(f"  {PUBLISHED} initiatives publiées, {PENDING} en attente de modération")
