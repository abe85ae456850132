"""What a searchable model declares: a search vector PostgreSQL keeps up to date itself, and its indexes.

The vector is a stored generated column (French stemming without accents, `french_unaccent`, see
cresol/core/migrations/0004_french_search.py), indexed with GIN; the title is also kept in lower case
without accents (`title_plain`), with a trigram index, so that a mistyped word still finds it.
"""

from functools import reduce
from operator import add
from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Lower

CONFIG = "french_unaccent"


def unaccented(expression: Any) -> Any:
    """cresol_unaccent(expression): the IMMUTABLE unaccent the indexes can use."""
    return models.Func(expression, function="cresol_unaccent", output_field=models.TextField())


def search_vector(**weights: str) -> models.GeneratedField:
    """search_vector(name="A", summary="B", description="C"): the fields by weight, A the strongest."""
    vectors = [SearchVector(field, weight=weight, config=CONFIG) for field, weight in weights.items()]
    return models.GeneratedField(
        expression=reduce(add, vectors), output_field=SearchVectorField(), db_persist=True, editable=False
    )


def plain_title(title: str) -> models.GeneratedField:
    """The title in lower case without accents, stored: compared to what was typed without calling
    unaccent on every row (which cost 40 ms over 5,000 events)."""
    return models.GeneratedField(
        expression=unaccented(Lower(title)), output_field=models.TextField(), db_persist=True, editable=False
    )


def search_indexes(prefix: str) -> list:
    return [
        GinIndex(fields=["search_vector"], name=f"{prefix}_search"),
        GinIndex(fields=["title_plain"], opclasses=["gin_trgm_ops"], name=f"{prefix}_title_trgm"),
    ]
