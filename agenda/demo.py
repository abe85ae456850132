"""Demo content of the Agenda citoyen for `make run`: about 80 events over the coming three months."""

from typing import TextIO

from cresol.moderation.models import Action, Status
from cresol.moderation.services import moderation_decide_new

from .generator import build, save_generated


def load_demo(stdout: TextIO) -> None:
    """Created as drafts through the section's batch service, then published through the moderation
    service (logged, as a trusted calendar's import is)."""
    created = save_generated(build(80, seed=24, past=8, status=Status.DRAFT))
    moderation_decide_new(objs=created, action=Action.PUBLISH, by=None)
    series = sum(1 for event in created if event.frequency)
    stdout.write(f"  {len(created)} événements ({series} répétés, 1 annulé, 8 passés)")
