"""The maps' GeoJSON, built by PostgreSQL in one query, for any model with a `point` (both maps use it).

Only what a map needs goes in each feature (id, name, url, theme), coordinates rounded to 5 decimals
(about a metre), no white space: under 200 bytes a feature where GoGoCarto spends ~1,800. `theme` is
a theme's id; the map page has the themes' names and colours. The licence and attribution travel with
the collection.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection

# Parts of the SQL come from the calling code (column names, a theme subquery), never from a request;
# the values (the address prefix, the queryset's parameters) are passed as parameters.
FEATURES_SQL = """
SELECT coalesce(string_agg(
    '{{"type":"Feature","id":' || row.id
    || ',"geometry":{{"type":"Point","coordinates":['
    || round(ST_X(row.point)::numeric, 5)::float8 || ',' || round(ST_Y(row.point)::numeric, 5)::float8
    || ']}},"properties":{{"name":' || to_json(row.{name})::text
    || ',"url":' || to_json(%s || row.{url_suffix} || %s)::text
    || ',"theme":' || coalesce(({theme})::text, 'null') || '}}}}',
    ','), '')
FROM {table} row
WHERE row.id IN ({ids}) AND row.point IS NOT NULL
"""


def feature_collection(queryset, *, name: str, url: tuple[str, str, str], theme: str, licence: str,
                       attribution: str) -> str:  # fmt: skip
    """The FeatureCollection of the rows of `queryset`, as GeoJSON text (RFC 7946).

    `name`: the column of the feature's name; `url`: (prefix, column, suffix) of its address;
    `theme`: an SQL expression of the row (alias `row`) giving a theme's id.
    """
    try:
        ids_sql, ids_params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (`.none()`, an unknown commune): no SQL to run
        features = ""
    else:
        prefix, url_suffix, suffix = url
        sql = FEATURES_SQL.format(name=name, url_suffix=url_suffix, theme=theme, ids=ids_sql,
                                  table=connection.ops.quote_name(queryset.model._meta.db_table))  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(sql, [prefix, suffix, *ids_params])
            features = cursor.fetchone()[0]
    header = f'"type":"FeatureCollection","license":"{licence}","attribution":"{attribution}"'
    return f'{{{header},"features":[{features}]}}'
