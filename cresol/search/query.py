"""One section's contents matching what a person typed, best first, with a highlighted extract.

A content matches when its words do (PostgreSQL full-text search, French, accents aside, on the stored
vector) or when its title is close to what was typed (trigram word similarity on the unaccented title,
for typos: "epicrie solidare" finds "Épicerie solidaire" — looked for when the words alone find fewer
than a page), served by the GIN indexes of cresol/search/fields.py.

At national scale a common word ("solidaire") matches 37,000 initiatives: counting them all and ranking
them all cost 470 ms. So the index gives at most BOUND + 1 matches; they are counted (a count past BOUND
is shown as "plus de 1 000") and ranked, narrow rows of an id and a score; only the best few are then
read whole, with their extract and what they are joined to. Up to BOUND matches, this is exactly the
ranking of every match; past it, the best of the first BOUND the index gives. Two or three queries
whatever the data (the best with the count, the typo pass when needed — two —, the rows).
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import BigAutoField, Count, F, Lookup, Q, QuerySet, Value, Window
from django.db.models.functions import Lower
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .fields import CONFIG, unaccented

# How close a title must be to what was typed to count despite typos (pg_trgm's default is 0.6).
TYPO_THRESHOLD = 0.5
# Matches counted and ranked at most (plus one, to know there are more).
BOUND = 1000
START, STOP = "\x02", "\x03"  # markers no text holds, turned into <mark> once the extract is escaped


@BigAutoField.register_lookup
class AnyOf(Lookup):
    """`pk__any_of=[…]`: id = ANY(one array parameter). A thousand ids as `pk__in` are a thousand
    placeholders, which cost more to send and to plan than to match."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


@dataclass
class Found:
    title: str
    url: str
    extract: str = ""
    meta: str = ""


@dataclass
class Results:
    count: int = 0  # BOUND + 1 when more matched: `capped`
    items: list[Found] = field(default_factory=list)

    @property
    def capped(self) -> bool:
        return capped(self.count)


def marked(headline: str) -> str:
    """The extract escaped, its matches in <mark>."""
    return mark_safe(escape(headline or "").replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _best(matches: QuerySet, words: Any, typed_plain: Any, *, limit: int) -> tuple[int, list[int]]:
    """How many match (up to BOUND + 1) and the ids of the best `limit`, in one query."""
    candidates = matches.order_by().values("pk")[: BOUND + 1]
    ranked = (
        matches.model._default_manager.filter(pk__in=candidates)
        .annotate(
            total=Window(Count("pk")),
            score=SearchRank(F("search_vector"), words) + TrigramWordSimilarity(typed_plain, "title_plain"),
        )
        .order_by("-score", "pk")
        .values_list("pk", "total")[:limit]
    )
    rows = list(ranked)
    return (rows[0][1] if rows else 0), [pk for pk, _total in rows]


def _rows(queryset: QuerySet, ids: list[int], words: Any, *, text: str) -> list:
    """The contents of these ids, in this order, with their extract (`headline`)."""
    headline = SearchHeadline(
        text, words, config=CONFIG, start_sel=START, stop_sel=STOP, max_words=28, min_words=12, max_fragments=1
    )
    found = {content.pk: content for content in queryset.filter(pk__in=ids).annotate(headline=headline)}
    return [found[pk] for pk in ids if pk in found]


def matching(queryset: QuerySet, typed: str, *, text: str, limit: int) -> Any:
    """(count, the first `limit` contents with `headline` annotated) of `queryset` matching `typed`;
    the count is BOUND + 1 when more match (`capped`). The model declares `search_vector` and
    `title_plain` (cresol/search/fields.py)."""
    words = SearchQuery(typed, config=CONFIG, search_type="websearch")
    typed_plain = unaccented(Lower(Value(typed)))
    with transaction.atomic(), connection.cursor() as cursor:
        with_words = queryset.filter(search_vector=words)
        count, ids = _best(with_words, words, typed_plain, limit=limit)
        if count < limit:
            # Few contents have the words: what was typed may hold a typo, titles close to it count too.
            # Those titles are looked for alone, in the trigram index: within the section's own filters
            # PostgreSQL compared every title instead (40 ms over 5,000 events, against 6).
            # For this transaction: how close is close, and no reading of every title (PostgreSQL
            # misjudges the trigram index's cost).
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true), "
                "set_config('enable_seqscan', 'off', true)",
                [str(TYPO_THRESHOLD)],
            )
            close_titles = list(
                queryset.model._default_manager.filter(title_plain__trigram_word_similar=typed_plain)
                .order_by()
                .values_list("pk", flat=True)[: BOUND + 1]
            )
            matches = queryset.filter(Q(search_vector=words) | Q(pk__any_of=close_titles))
            count, ids = _best(matches, words, typed_plain, limit=limit)
        first = _rows(queryset, ids, words, text=text)
    return count, first


def capped(count: int) -> bool:
    """Whether more than BOUND matched (then `count` is BOUND + 1, not their number)."""
    return count > BOUND
