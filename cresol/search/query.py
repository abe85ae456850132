"""One section's contents matching what a person typed, best first, with a highlighted extract.

A content matches when its words do (PostgreSQL full-text search, French, accents aside, on the stored
vector) or when its title is close to what was typed (trigram word similarity on the unaccented title,
for typos: "epicrie solidare" finds "Épicerie solidaire" — looked for when the words alone find fewer
than a page). Two or three queries whatever the data (the threshold, the page of results with the total
count, and the typo pass when needed), served by the GIN indexes of cresol/search/fields.py.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Value, Window
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .fields import CONFIG, unaccented

# How close a title must be to what was typed to count despite typos (pg_trgm's default is 0.6).
TYPO_THRESHOLD = 0.5
START, STOP = "\x02", "\x03"  # markers no text holds, turned into <mark> once the extract is escaped


@dataclass
class Found:
    title: str
    url: str
    extract: str = ""
    meta: str = ""


@dataclass
class Results:
    count: int = 0
    items: list[Found] = field(default_factory=list)


def marked(headline: str) -> str:
    """The extract escaped, its matches in <mark>."""
    return mark_safe(escape(headline or "").replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _first(matches: Any, words: Any, typed_plain: str, *, text: str, limit: int) -> tuple[int, list]:
    """The best `limit` matches with their extract, and how many match in all (a window count: one
    query for both)."""
    first = list(
        matches.annotate(
            total=Window(Count("pk")),
            score=SearchRank(F("search_vector"), words) + TrigramWordSimilarity(typed_plain, "title_plain"),
            headline=SearchHeadline(
                text, words, config=CONFIG, start_sel=START, stop_sel=STOP, max_words=28, min_words=12, max_fragments=1
            ),
        ).order_by("-score", "pk")[:limit]
    )
    return (first[0].total if first else 0), first


def matching(queryset: QuerySet, typed: str, *, text: str, limit: int) -> Any:
    """(count, the first `limit` contents with `headline` annotated) of `queryset` matching `typed`;
    the model declares `search_vector` and `title_plain` (cresol/search/fields.py)."""
    words = SearchQuery(typed, config=CONFIG, search_type="websearch")
    typed_plain = unaccented(Lower(Value(typed)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [TYPO_THRESHOLD])
        count, first = _first(queryset.filter(search_vector=words), words, typed_plain, text=text, limit=limit)
        if count < limit:
            # Few contents have the words: what was typed may hold a typo, titles close to it count too
            # (looked for every time, they cost 160 ms over 20,000 initiatives). The two sets as a UNION,
            # each read from its own GIN index (an OR made PostgreSQL compare every title).
            close_titles = queryset.filter(title_plain__trigram_word_similar=typed_plain).values("pk")
            matches = queryset.filter(pk__in=queryset.filter(search_vector=words).values("pk").union(close_titles))
            count, first = _first(matches, words, typed_plain, text=text, limit=limit)
    return count, first
