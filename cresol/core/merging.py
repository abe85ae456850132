"""What merging two records of one content shares, whatever the section (initiatives, events): the rows
that point to a record, found from the model's meta (a section names no other; a relation added later
moves too), moved to the kept record; and the fields' values as the merge page shows and the merge log
keeps them. Each section's merge service (initiatives/merging.py, agenda/merging.py) does the rest."""

from typing import Any

from django.db import models

from .wording import count_of


def relations(model: type[models.Model], *, leave: tuple[type[models.Model], ...] = ()) -> list[Any]:
    """Every relation pointing to the model, from any app, but those to models in `leave` (derived rows
    the section rebuilds itself)."""
    return [relation for relation in model._meta.related_objects if relation.related_model not in leave]


def linked_counts(obj: models.Model, found: list[Any]) -> list[str]:
    """ "3 événements", "1 article"…: the rows pointing to the record, one query per relation."""
    counts = []
    for relation in found:
        if relation.many_to_many:
            count = getattr(obj, relation.get_accessor_name()).count()
        else:
            count = relation.related_model._default_manager.filter(**{relation.field.name: obj}).count()
        if count:
            meta = relation.related_model._meta
            counts.append(count_of(count, meta.verbose_name, meta.verbose_name_plural))
    return counts


def _move_foreign_keys(relation: Any, *, kept: models.Model, other: models.Model) -> int:
    model, name = relation.related_model, relation.field.name
    rows = model._default_manager.filter(**{name: other})
    # A row unique with its record (one reminder per period) is dropped where the kept one has its own.
    for constraint in model._meta.constraints:
        fields = list(getattr(constraint, "fields", ()))
        # A conditional one (one registration per event without a date) is the section's to refuse.
        if name in fields and len(fields) > 1 and getattr(constraint, "condition", None) is None:
            others = [field for field in fields if field != name]
            for values in model._default_manager.filter(**{name: kept}).values_list(*others):
                rows.filter(**dict(zip(others, values, strict=True))).delete()
    return int(rows.update(**{name: kept}))


def _move_many_to_many(relation: Any, *, kept: models.Model, other: models.Model) -> int:
    through = relation.through
    own = relation.field.m2m_reverse_field_name()  # the through table's column to the merged model
    theirs = relation.field.m2m_field_name()  # ... and to the row that links it (a post, a resource)
    rows = through._default_manager.filter(**{own: other})
    already = through._default_manager.filter(**{own: kept}).values(theirs)
    moved = rows.exclude(**{f"{theirs}__in": already}).update(**{own: kept})
    rows.delete()  # those the kept record already had
    return int(moved)


def move_relations(
    found: list[Any], *, kept: models.Model, other: models.Model
) -> tuple[dict[str, int], list[type[models.Model]]]:
    """Point every row of `found` relations at `kept` instead of `other`. Returns how many moved, by kind,
    and the models written (whose cached pages are stale)."""
    moved: dict[str, int] = {}
    touched: list[type[models.Model]] = []
    for relation in found:
        if relation.many_to_many:
            count = _move_many_to_many(relation, kept=kept, other=other)
        else:
            count = _move_foreign_keys(relation, kept=kept, other=other)
        if count:
            moved[str(relation.related_model._meta.verbose_name_plural)] = count
            touched.append(relation.related_model)
    return moved, touched


def stored_value(obj: models.Model, field: str) -> Any:
    """The field's value in JSON, for the merge log."""
    value = getattr(obj, field)
    if hasattr(value, "x") and hasattr(value, "y"):  # a point
        return [round(value.x, 6), round(value.y, 6)]
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def shown_value(obj: models.Model, field: str) -> str:
    """The field's value as the merge page shows it."""
    value = getattr(obj, field)
    display = getattr(obj, f"get_{field}_display", None)
    if display is not None:
        return str(display())
    if hasattr(value, "x") and hasattr(value, "y"):
        return f"{value.y:.5f}, {value.x:.5f}"
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if hasattr(value, "strftime"):
        return str(value.strftime("%d/%m/%Y %H:%M"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else str(value)


def take_values(
    kept: models.Model, other: models.Model, choices: dict[str, str], *, groups: dict[str, list[str]]
) -> None:
    """The other record's value on the kept one for each field chosen "other"; a field of `groups` brings
    the fields that go with it (an address its commune and point, an image its thumbnail and text)."""
    for field, side in choices.items():
        if side == "other":
            for name in groups.get(field, [field]):
                setattr(kept, name, getattr(other, name))


def is_empty(value: Any) -> bool:
    return value in ("", None, [], {})


def default_choices(kept: models.Model, other: models.Model, fields: list[str]) -> dict[str, str]:
    """ "kept" for each field, unless the kept record leaves it empty and the other fills it."""
    return {
        field: "other" if is_empty(stored_value(kept, field)) and not is_empty(stored_value(other, field)) else "kept"
        for field in fields
    }
