"""What a searchable model declares: a search vector PostgreSQL keeps up to date itself, and its indexes.

The vector is a stored generated column (French stemming without accents, `french_unaccent`, see
cresol/core/migrations/0004_french_search.py), indexed with GIN; the title also has a trigram index on
its unaccented lower case, so that a mistyped word still finds it.
"""

from functools import reduce
from operator import add

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models.functions import Lower

CONFIG = "french_unaccent"


def unaccented(expression):
    """cresol_unaccent(expression): the IMMUTABLE unaccent the indexes can use."""
    return models.Func(expression, function="cresol_unaccent", output_field=models.TextField())


def search_vector(**weights: str) -> models.GeneratedField:
    """search_vector(name="A", summary="B", description="C"): the fields by weight, A the strongest."""
    vectors = [SearchVector(field, weight=weight, config=CONFIG) for field, weight in weights.items()]
    return models.GeneratedField(
        expression=reduce(add, vectors), output_field=SearchVectorField(), db_persist=True, editable=False
    )


def search_indexes(prefix: str, title: str) -> list:
    return [
        GinIndex(fields=["search_vector"], name=f"{prefix}_search"),
        GinIndex(OpClass(unaccented(Lower(title)), name="gin_trgm_ops"), name=f"{prefix}_title_trgm"),
    ]
