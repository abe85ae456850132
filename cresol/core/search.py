"""Searching a list by words, the way people type them: accents and case ignored, words in any order."""

from functools import reduce
from operator import and_, or_

from django.db.models import Q

MAX_WORDS = 8  # a pasted paragraph is not a search: its first words are enough


def matching_words(value: str, *fields: str) -> Q | None:
    """Each word of `value` found in one of `fields` (PostgreSQL's unaccent, case-insensitive):
    "epicerie tours" finds "Épicerie solidaire" in Tours. None when there is nothing to search."""
    words = value.split()[:MAX_WORDS]
    if not words:
        return None
    return reduce(
        and_, (reduce(or_, (Q(**{f"{field}__unaccent__icontains": word}) for field in fields)) for word in words)
    )
