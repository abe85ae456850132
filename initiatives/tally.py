"""Counts of published initiatives read from the tallies PostgreSQL keeps (InitiativeTally): a sum over
at most communes × themes rows, whatever the number of initiatives."""

from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Sum

from cresol.themes.models import Theme

from .models import InitiativeTally


def published_count(where: Q | None = None, theme: Any = None) -> int:
    """Published initiatives (in the communes `where` selects, e.g. Q(commune__departement__code="37"),
    on `theme` if given)."""
    tallies = InitiativeTally.objects.filter(Q(theme=theme) if theme is not None else Q(theme__isnull=True))
    if where is not None:
        tallies = tallies.filter(where)
    return tallies.aggregate(total=Sum("count"))["total"] or 0


def themes_with_counts(where: Q | None = None) -> QuerySet[Theme]:
    """The themes that have published initiatives (in the communes `where` selects, with the prefix
    "initiative_tallies__"), each with its `initiative_count`, in the themes' order."""
    tallies = Q(initiative_tallies__count__gt=0)
    if where is not None:
        tallies &= where
    # Filtered before annotated: the sum reads the filtered tallies alone.
    return Theme.objects.filter(tallies).annotate(initiative_count=Sum("initiative_tallies__count"))


FRESH_COUNTS = """
    SELECT commune_id, NULL::bigint AS theme_id, count(*) AS count
    FROM initiatives_initiative WHERE status = 'published' GROUP BY commune_id
    UNION ALL
    SELECT initiative.commune_id, link.theme_id, count(*)
    FROM initiatives_initiative AS initiative
    JOIN initiatives_initiative_themes AS link ON link.initiative_id = initiative.id
    WHERE initiative.status = 'published'
    GROUP BY initiative.commune_id, link.theme_id
"""


def tally_differences() -> list[tuple[int, int | None, int, int]]:
    """(commune, theme, kept, fresh) wherever the kept counts and a fresh count disagree: none, always."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT coalesce(kept.commune_id, fresh.commune_id), coalesce(kept.theme_id, fresh.theme_id),
                   coalesce(kept.count, 0), coalesce(fresh.count, 0)
            FROM (SELECT commune_id, theme_id, count FROM initiatives_initiativetally WHERE count <> 0) AS kept
            FULL OUTER JOIN ({FRESH_COUNTS}) AS fresh
                ON kept.commune_id = fresh.commune_id AND kept.theme_id IS NOT DISTINCT FROM fresh.theme_id
            WHERE coalesce(kept.count, 0) <> coalesce(fresh.count, 0)
            ORDER BY 1, 2
            """  # noqa: S608 - constant SQL
        )
        return cursor.fetchall()
