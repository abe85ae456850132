"""Which new contents match which alerts: for every alert due, one query per section.

Each section's contents come as `alert_rows` (registry.py): id, publication time, communes, themes and
search vector, read once (MATERIALIZED: inlined, PostgreSQL computed a content's themes again for every
alert). An alert matches a content when each criterion it has holds — its territory's communes meet the
content's (not asked of sections whose contents have no place), one of its themes is the content's, its
words are in the content (a full-text query computed once per alert) — and the content came after what
the alert was last sent.

Comparing every alert with every content is 10 million comparisons of arrays for 10,000 alerts and 1,000
contents (6 s). So the candidates are found by equality instead, on the criterion that narrows most: an
alert naming a territory meets the contents of its communes (its communes and theirs, unnested, joined
on the commune: a hash join), one naming themes meets the contents of its themes; only an alert with
neither is paired with every content. The other criteria are then checked on the candidates alone.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction

from cresol.search.fields import CONFIG

from .registry import AlertSource

MATCH_SQL = """
WITH alert AS MATERIALIZED (
    SELECT id, sent_until AS since, communes, themes,
           CASE WHEN cardinality(communes) > 0 AND %(placed)s THEN 'territory'
                WHEN cardinality(themes) > 0 THEN 'themes' ELSE 'all' END AS way,
           CASE WHEN words <> '' THEN websearch_to_tsquery(%(config)s::regconfig, words) END AS query
    FROM alerts_alert WHERE id = ANY(%(alerts)s)
), item AS MATERIALIZED (
    SELECT raw.id, raw.at, raw.communes::integer[] AS communes, raw.themes::integer[] AS themes, raw.vector
    FROM ({items}) AS raw(id, at, communes, themes, vector)
), candidate AS MATERIALIZED (
    SELECT DISTINCT alert_commune.id AS alert_id, item_commune.id AS item_id
    FROM (SELECT id, unnest(communes) AS commune FROM alert WHERE way = 'territory') AS alert_commune
    JOIN (SELECT id, unnest(communes) AS commune FROM item) AS item_commune USING (commune)
  UNION ALL
    SELECT DISTINCT alert_theme.id, item_theme.id
    FROM (SELECT id, unnest(themes) AS theme FROM alert WHERE way = 'themes') AS alert_theme
    JOIN (SELECT id, unnest(themes) AS theme FROM item) AS item_theme USING (theme)
  UNION ALL
    SELECT alert.id, item.id FROM alert CROSS JOIN item WHERE alert.way = 'all'
)
SELECT alert.id, count(*), (array_agg(item.id ORDER BY item.at DESC, item.id DESC))[1:%(first)s]
FROM candidate
JOIN alert ON alert.id = candidate.alert_id
JOIN item ON item.id = candidate.item_id
WHERE item.at > {since}
  AND (cardinality(alert.themes) = 0 OR alert.themes && item.themes)
  AND (alert.query IS NULL OR item.vector @@ alert.query)
GROUP BY alert.id
"""
# The matches of a broad alert are many (10,000 alerts × 1,000 contents gave 1.3 million): they are
# grouped and ordered in memory rather than on disk.
WORK_MEM = "128MB"
# The matches of a broad alert are many (10,000 alerts × 1,000 contents gave 1.3 million): they are
# grouped and ordered in memory rather than on disk.
WORK_MEM = "64MB"


@dataclass(frozen=True)
class Matched:
    count: int  # how many contents matched
    first: list[int]  # the ids of the newest `first` of them, newest first


def matches(
    source: AlertSource,
    alert_ids: list[int],
    *,
    since: datetime,
    until: datetime,
    from_sent: bool = True,
    first: int = 20,
) -> dict[int, Matched]:
    """For each alert that matched any, how many contents of `source` published in (since, until] match
    it and the ids of the newest `first`. With `from_sent`, each alert counts from its own `sent_until`
    (never earlier than `since`, the batch's earliest); without, from `since` for all (a feed shows the
    last weeks). Counted and cut by PostgreSQL: a broad alert's thousand matches never leave it."""
    if not alert_ids:
        return {}
    rows = source.rows().filter(alert_at__gt=since, alert_at__lte=until).order_by()
    items_sql, items_params = rows.query.sql_with_params()
    # The contents' query comes with positional parameters; the rest of ours are named, so these are too.
    names = {f"item{number}": value for number, value in enumerate(items_params)}
    items_sql = items_sql % tuple(f"%({name})s" for name in names)
    sql = MATCH_SQL.format(items=items_sql, since="alert.since" if from_sent else "%(since)s")
    params: dict[str, Any] = {
        "config": CONFIG,
        "alerts": list(alert_ids),
        "placed": source.placed,
        "first": first,
        "since": since,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        # PostgreSQL cannot see how many rows the CTEs hold (it guesses 50 alerts): left alone, it compared
        # every alert with every content before joining the candidates (7 s instead of 1).
        cursor.execute(
            "SELECT set_config('work_mem', %s, true), set_config('enable_nestloop', 'off', true), "
            "set_config('enable_mergejoin', 'off', true)",
            [WORK_MEM],
        )
        cursor.execute(sql, {**params, **names})
        return {alert_id: Matched(count, ids) for alert_id, count, ids in cursor.fetchall()}
