"""Demo content of Archipel O Centre for `make run`: about 150 initiatives over the six départements."""

from typing import Any, TextIO

from django.contrib.auth import get_user_model

from cresol.moderation.models import Action, Status
from cresol.moderation.services import moderation_decide_new

from . import exports, importer, services
from .generator import build, save_generated
from .models import Initiative, InitiativeImport, Report

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
    duplicate = _imported_duplicate(published[2], by=members[0] if members else None)
    stdout.write(
        f"  {PUBLISHED} initiatives publiées, {PENDING} en attente de modération"
        + (f", « {duplicate.name} » importée en double (à fusionner)" if duplicate else "")
    )


def _imported_duplicate(original: Initiative, *, by: Any) -> Initiative | None:
    """A partner's CSV that lists an initiative the map already has: imported (the moderator kept the
    duplicates), it waits for review, and its admin page offers to compare and merge the two records."""
    file_name = "partenaire-tiers-lieux.csv"
    if InitiativeImport.objects.filter(file_name=file_name).exists():
        return None
    content = "".join(exports.as_csv(Initiative.objects.filter(pk=original.pk))).encode("utf-8")
    report, to_create = importer.check(content, include_duplicates=True)
    batch = services.import_batch_create(
        file_name=file_name, content=content, report=report.as_dict(), publish=False, include_duplicates=True, by=by
    )
    created = importer.initiatives_import(
        to_create=to_create, by=by, publish=False, origin=f"import CSV « {file_name} »"
    )
    services.import_batch_done(batch=batch, report=report.as_dict(), created_count=len(created))
    return created[0] if created else None
