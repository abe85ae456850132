"""Merging two records of the same initiative (one proposed by a member, one imported from a partner's
map): the service, and what its page reads.

The kept record keeps its id and its address; each field takes the value the moderator chose; every
row of the portal that points to the other one (events, posts, radars, resources, cooperations,
reports, edits, old slugs…) moves to the kept one. The relations are found from the model's meta, not
named: this section imports no other, and a relation added later moves too. The other record is then
deleted; its id and slug redirect (301) to the kept one through `InitiativeMerge` and `InitiativeSlug`,
and the merge is logged with both records' former values, so that a mistake can be undone by hand.
"""

from typing import Any

from django.db import transaction

from cresol.accounts.models import User
from cresol.core import merging
from cresol.core.merging import stored_value
from cresol.core.versions import bump_content_version
from cresol.moderation.models import Status
from cresol.moderation.services import (
    moderation_merge_carry_publication,
    moderation_merge_finish,
    moderation_merge_lock,
)

from .models import Initiative, InitiativeMerge, InitiativeOpening, InitiativeSlug
from .services import EDITABLE_FIELDS, initiative_admin_save

# What the moderator chooses field by field: what a contributor writes, and where it is. The address
# brings its commune and point, the image its thumbnail and text.
GROUPS = {"address": ["address", "commune", "point"], "image": ["image", "thumbnail", "image_alt"]}
CHOSEN_FIELDS = [field for field in EDITABLE_FIELDS if field != "image_alt"] + ["image"]


def snapshot(initiative: Initiative) -> dict[str, Any]:
    """The record as it was, in JSON: what the merge log keeps of each side."""
    fields = dict.fromkeys([*CHOSEN_FIELDS, *(name for group in GROUPS.values() for name in group)])
    values = {field: stored_value(initiative, field) for field in fields}
    values.update(
        id=initiative.pk,
        slug=initiative.slug,
        status=initiative.status,
        themes=sorted(theme.slug for theme in initiative.themes.all()),
        tags=sorted(tag.name for tag in initiative.tags.all()),
    )
    return values


def default_choices(kept: Initiative, other: Initiative) -> dict[str, str]:
    return merging.default_choices(kept, other, CHOSEN_FIELDS)


def relations() -> list[Any]:
    """Every relation that points to an initiative, from any section, but the derived open periods."""
    return merging.relations(Initiative, leave=(InitiativeOpening,))


def default_kept(first: Initiative, second: Initiative) -> Initiative:
    """The published one, else the older: its address is the one people already know."""
    if (first.status == Status.PUBLISHED) != (second.status == Status.PUBLISHED):
        return first if first.status == Status.PUBLISHED else second
    return first if first.pk < second.pk else second


@transaction.atomic
def initiatives_merge(
    *, kept: Initiative, other: Initiative, choices: dict[str, str], by: User | None
) -> InitiativeMerge:
    """Merge `other` into `kept` (see the module). `choices` maps a field of CHOSEN_FIELDS to "kept" or
    "other"; themes and tags are the union of both."""
    kept, other = moderation_merge_lock(kept=kept, other=other)
    former = {"kept": snapshot(kept), "other": snapshot(other)}
    merging.take_values(kept, other, choices, groups=GROUPS)
    moderation_merge_carry_publication(kept=kept, other=other)
    themes = set(kept.themes.all()) | set(other.themes.all())
    tags = {tag.name for tag in kept.tags.all()} | {tag.name for tag in other.tags.all()}

    moved, touched = merging.move_relations(relations(), kept=kept, other=other)
    InitiativeSlug.objects.create(slug=other.slug, initiative=kept)
    merge = InitiativeMerge.objects.create(
        merged_id=other.pk,
        merged_slug=other.slug,
        merged_name=other.name[:200],
        kept=kept,
        merged_by=by,
        former_values=former,
        moved=moved,
    )
    moderation_merge_finish(kept=kept, other=other, by=by)

    def set_labels() -> None:
        kept.themes.set(themes)
        kept.tags.set(sorted(tags))

    # Its derived fields (text, main theme, open periods) and its webhook, as for any edit by staff.
    initiative_admin_save(initiative=kept, changed=[], save_relations=set_labels)
    _radars_latest_again(kept)
    bump_content_version(Initiative, *touched)
    return merge


def _radars_latest_again(kept: Initiative) -> None:
    """Both records' radars are the kept one's now: one latest per grid again (what the averages read)."""
    from .radar.models import Assessment
    from .radar.services import mark_latest

    for grid_id in Assessment.objects.filter(initiative=kept).values_list("grid_id", flat=True).distinct():
        mark_latest(initiative_id=kept.pk, grid_id=grid_id)


def replaced_by(initiative_id: int) -> Initiative | None:
    """The initiative that absorbed the one with this id, if it was merged."""
    merge = InitiativeMerge.objects.filter(merged_id=initiative_id).select_related("kept").first()
    return merge.kept if merge else None


def merge_candidates(initiative: Initiative) -> Any:
    """For the admin's page of an initiative: the possible duplicates the detection finds."""
    from .duplicates import possible_duplicates

    return possible_duplicates(
        name=initiative.name,
        point=initiative.point,
        website=initiative.website,
        siret=initiative.siret,
        exclude_pk=initiative.pk,
    )
