"""Demo content of Archipel O Centre for `make run`: about 150 initiatives over the six départements."""

from typing import TextIO

from django.contrib.auth import get_user_model

from cresol.moderation.models import Action, Status
from cresol.moderation.services import moderation_decide_new

from . import services
from .generator import build, save_generated
from .models import Report

PUBLISHED = 144
PENDING = 6


def load_demo(stdout: TextIO) -> None:
    """Created as drafts through the section's batch service, then published or submitted through the
    moderation service, as an import would be: the moderators' audit log shows where each came from."""
    members = list(get_user_model().objects.filter(email__endswith="@example.org", is_staff=False)[:3])
    published = build(PUBLISHED, seed=24, status=Status.DRAFT)
    pending = build(PENDING, seed=99, status=Status.DRAFT, slug_prefix="a-moderer-")
    save_generated(published + pending)
    moderation_decide_new(objs=published, action=Action.PUBLISH, by=None)
    for position, member in enumerate(members or [None]):
        moderation_decide_new(objs=pending[position :: len(members or [None])], action=Action.SUBMIT, by=member)
    # Some reports, so that moderators see how they arrive.
    for initiative in published[:2]:
        services.report_create(initiative=initiative, reason=Report.Reason.WRONG, comment="Le téléphone a changé.")
    stdout.write(f"  {PUBLISHED} initiatives publiées, {PENDING} en attente de modération")
