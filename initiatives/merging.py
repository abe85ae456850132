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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cresol.accounts.models import User
from cresol.api import webhooks
from cresol.core.versions import bump_content_version
from cresol.core.wording import count_of
from cresol.moderation.models import Status
from cresol.moderation.services import moderation_record_merge

from .models import Initiative, InitiativeMerge, InitiativeOpening, InitiativeSlug
from .services import (
    EDITABLE_FIELDS,
    _save,
    initiative_openings_refresh,
    initiative_refresh_main_theme,
)

# What the moderator chooses field by field: what a contributor writes, and where it is.
CHOSEN_FIELDS = [field for field in EDITABLE_FIELDS if field != "image_alt"] + ["image", "commune", "point"]


def _value(initiative: Initiative, field: str) -> Any:
    value = getattr(initiative, field)
    if field == "point" and value is not None:
        return [round(value.x, 6), round(value.y, 6)]
    if field == "commune":
        return initiative.commune.code if initiative.commune_id else ""
    if field == "image":
        return value.name if value else ""
    return value


def snapshot(initiative: Initiative) -> dict[str, Any]:
    """The record as it was, in JSON: what the merge log keeps of each side."""
    values = {field: _value(initiative, field) for field in CHOSEN_FIELDS}
    values.update(
        id=initiative.pk,
        slug=initiative.slug,
        status=initiative.status,
        themes=sorted(theme.slug for theme in initiative.themes.all()),
        tags=sorted(tag.name for tag in initiative.tags.all()),
    )
    return values


def default_choices(kept: Initiative, other: Initiative) -> dict[str, str]:
    """ "kept" for each field, unless the kept record leaves it empty and the other fills it."""
    return {
        field: "other" if _value(kept, field) in ("", None, [], 0) and _value(other, field) else "kept"
        for field in CHOSEN_FIELDS
    }


def relations() -> list[Any]:
    """Every relation that points to an initiative, from any section, but the derived open periods."""
    return [
        relation for relation in Initiative._meta.related_objects if relation.related_model is not InitiativeOpening
    ]


def linked_counts(initiative: Initiative) -> list[str]:
    """ "3 événements", "1 article"…: the rows pointing to the initiative, one query per relation."""
    counts = []
    for relation in relations():
        if relation.many_to_many:
            count = getattr(initiative, relation.get_accessor_name()).count()
        else:
            count = relation.related_model._default_manager.filter(**{relation.field.name: initiative}).count()
        if count:
            meta = relation.related_model._meta
            counts.append(count_of(count, meta.verbose_name, meta.verbose_name_plural))
    return counts


def _move_foreign_keys(relation: Any, *, kept: Initiative, other: Initiative) -> int:
    model, name = relation.related_model, relation.field.name
    rows = model._default_manager.filter(**{name: other})
    # A row unique with its initiative (one reminder per period) is dropped where the kept one has its own.
    for constraint in model._meta.constraints:
        fields = list(getattr(constraint, "fields", ()))
        if name in fields and len(fields) > 1:
            others = [field for field in fields if field != name]
            taken = model._default_manager.filter(**{name: kept}).values_list(*others)
            for values in taken:
                rows.filter(**dict(zip(others, values, strict=True))).delete()
    return rows.update(**{name: kept})


def _move_many_to_many(relation: Any, *, kept: Initiative, other: Initiative) -> int:
    through = relation.through
    own = relation.field.m2m_reverse_field_name()  # the through table's column to the initiative
    theirs = relation.field.m2m_field_name()  # ... and to the post, the resource
    rows = through._default_manager.filter(**{own: other})
    already = through._default_manager.filter(**{own: kept}).values(theirs)
    moved = rows.exclude(**{f"{theirs}__in": already}).update(**{own: kept})
    rows.delete()  # those the kept one already had
    return moved


@transaction.atomic
def initiatives_merge(
    *, kept: Initiative, other: Initiative, choices: dict[str, str], by: User | None
) -> InitiativeMerge:
    """Merge `other` into `kept` (see the module). `choices` maps a field of CHOSEN_FIELDS to "kept" or
    "other"; themes and tags are the union of both."""
    if kept.pk == other.pk:
        raise ValidationError(_("Choisissez deux initiatives différentes."))
    locked = {row.pk: row for row in Initiative.objects.select_for_update().filter(pk__in=[kept.pk, other.pk])}
    if len(locked) != 2:
        raise ValidationError(_("L'une des deux initiatives n'existe plus (déjà fusionnée ?)."))
    kept, other = locked[kept.pk], locked[other.pk]
    former = {"kept": snapshot(kept), "other": snapshot(other)}
    for field in CHOSEN_FIELDS:
        if choices.get(field) == "other":
            setattr(kept, field, getattr(other, field))
    if kept.status != Status.PUBLISHED and other.status == Status.PUBLISHED:
        kept.status, kept.published_at = Status.PUBLISHED, kept.published_at or other.published_at
    themes = set(kept.themes.all()) | set(other.themes.all())
    tags = {tag.name for tag in kept.tags.all()} | {tag.name for tag in other.tags.all()}

    moved: dict[str, int] = {}
    touched: list[Any] = [Initiative]
    for relation in relations():
        if relation.many_to_many:
            count = _move_many_to_many(relation, kept=kept, other=other)
        else:
            count = _move_foreign_keys(relation, kept=kept, other=other)
        if count:
            moved[str(relation.related_model._meta.verbose_name_plural)] = count
            touched.append(relation.related_model)
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
    reason = _("« %(other)s » (n° %(id)s) fusionnée dans « %(kept)s » (n° %(kept_id)s)") % {
        "other": other.name,
        "id": other.pk,
        "kept": kept.name,
        "kept_id": kept.pk,
    }
    moderation_record_merge(objs=[kept, other], by=by, reason=reason)
    webhooks.content_changed(other, "unpublished")
    other_id = other.pk
    other.delete()
    other.pk = other_id  # the caller may still name it

    _save(kept)
    kept.themes.set(themes)
    kept.tags.set(sorted(tags))
    initiative_refresh_main_theme(initiative=kept)
    initiative_openings_refresh(initiatives=Initiative.objects.filter(pk=kept.pk))
    webhooks.content_changed(kept)
    bump_content_version(*touched)
    return merge


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
