"""Unique slugs for every section, found in one query whatever the number of namesakes."""

from collections.abc import Collection, Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(
    text: str,
    *,
    taken_in: Iterable[tuple[QuerySet[Any], str]],
    default: str,
    reserved: Collection[str] = frozenset(),
    max_length: int = 150,
    also_taken: Iterable[str] = frozenset(),
) -> str:
    """The slug of `text`, numbered (-2, -3…) past the ones already taken.

    `taken_in` is a list of (queryset, field name) where a slug may already be used: one query each reads
    every slug that starts like this one (an import of thousands of namesakes used to ask one query per
    number tried, so each new event cost more than the last). `also_taken`: slugs given to a batch not
    saved yet.
    """
    base = slugify(text)[:max_length] or default
    if base in reserved:
        base = f"{base}-{default}"
    taken = set(also_taken)
    for queryset, field in taken_in:
        taken.update(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug
