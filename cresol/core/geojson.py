"""The maps' GeoJSON, built by PostgreSQL, for any model with a `point`: in one query and one string
for the maps of hundreds, or streamed through a server-side cursor for the initiatives' thousands.

Only what a map needs goes in each feature (id, name, url, theme), coordinates rounded to 5 decimals
(about a metre), no white space: under 200 bytes a feature where GoGoCarto spends ~1,800. `theme` is
a theme's id; the map page has the themes' names and colours. The licence and attribution travel with
the collection.
"""

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

# Parts of the SQL come from the calling code (column names, a theme subquery), never from a request;
# the values (the address prefix, the queryset's parameters) are passed as parameters.
FEATURES_SQL = """
SELECT '{{"type":"Feature","id":' || row.id
    || ',"geometry":{{"type":"Point","coordinates":['
    || round(ST_X(row.point)::numeric, 5)::float8 || ',' || round(ST_Y(row.point)::numeric, 5)::float8
    || ']}},"properties":{{"name":' || to_json(row.{name})::text
    || ',"url":' || to_json(%s || row.{url_suffix} || %s)::text
    || ',"theme":' || coalesce(({theme})::text, 'null') || '}}}}'
FROM {table} row
WHERE row.id IN ({ids}) AND row.point IS NOT NULL
"""
STREAMED_ROWS = 2000  # features read from PostgreSQL at a time when streaming


def _features_sql(
    queryset: QuerySet[Any], *, name: str, url: tuple[str, str, str], theme: str
) -> tuple[str, list[Any]] | None:
    """The SQL giving one feature's text a row, or None when the filters can match nothing."""
    try:
        ids_sql, ids_params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (`.none()`, an unknown commune): no SQL to run
        return None
    prefix, url_suffix, suffix = url
    sql = FEATURES_SQL.format(
        name=name,
        url_suffix=url_suffix,
        theme=theme,
        ids=ids_sql,
        table=connection.ops.quote_name(queryset.model._meta.db_table),
    )
    return sql, [prefix, suffix, *ids_params]


def _header(licence: str, attribution: str) -> str:
    return f'{{"type":"FeatureCollection","license":"{licence}","attribution":"{attribution}","features":['


def feature_collection(
    queryset: QuerySet[Any], *, name: str, url: tuple[str, str, str], theme: str, licence: str, attribution: str
) -> str:
    """The FeatureCollection of the rows of `queryset`, as GeoJSON text (RFC 7946), in one string.

    `name`: the column of the feature's name; `url`: (prefix, column, suffix) of its address;
    `theme`: an SQL expression of the row (alias `row`) giving a theme's id.
    """
    built = _features_sql(queryset, name=name, url=url, theme=theme)
    features = ""
    if built is not None:
        sql, params = built
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(string_agg(feature, ','), '') FROM ({sql}) AS f(feature)", params)  # noqa: S608
            features = cursor.fetchone()[0]
    return f"{_header(licence, attribution)}{features}]}}"


def feature_collection_chunks(
    queryset: QuerySet[Any], *, name: str, url: tuple[str, str, str], theme: str, licence: str, attribution: str
) -> Iterator[str]:
    """The same FeatureCollection as pieces of text, read through a server-side cursor
    STREAMED_ROWS features at a time: for collections too large to hold in memory at once (100,000
    initiatives are 17 MB of text), with a StreamingHttpResponse."""
    built = _features_sql(queryset, name=name, url=url, theme=theme)
    yield _header(licence, attribution)
    if built is not None:
        sql, params = built
        separator = ""
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(STREAMED_ROWS):
                yield separator + ",".join(row[0] for row in rows)
                separator = ","
    yield "]}"


def points_response(
    request: HttpRequest, queryset: QuerySet[Any], *, detail: str, name: str, theme: str, licence: str, attribution: str
) -> HttpResponseBase:
    """The GeoJSON answer of a map of a few thousand points at most (the agenda's, the directory's, the
    cooperations'): one string, with an ETag and a 304 while the rows are unchanged. `detail` is the URL
    name of a row's page, which takes its slug."""
    from django.urls import reverse

    from .listing import respond_if_changed

    url = (reverse(detail, args=["x"])[:-2], "slug", "/")

    def build(rows: int) -> HttpResponse:
        features = feature_collection(
            queryset, name=name, url=url, theme=theme, licence=licence, attribution=attribution
        )
        return HttpResponse(features, content_type="application/geo+json")

    return respond_if_changed(request, queryset, build, max_age=60)
