"""The map's clusters, computed by PostgreSQL one map tile at a time.

The map asks for the tiles it shows (the usual z/x/y of web maps, 256 pixels square at zoom z, which
the map draws one zoom in, 512 pixels square, as vector tiles are: a screen takes 9 to 16 of them):
each answer is small, the same for everyone who looks at that place with the same filters (so HTTP
caches and the page cache keep it), and panning fetches only the tiles that come into view.

In a tile, the initiatives are grouped on a grid of 6 × 6 cells (85 pixels on screen): a cell holding
several becomes a cluster at their average position, with its count and its main themes' shares; a
cell holding one shows that initiative. A tile holding few initiatives, or a close zoom, shows every
one. Grid snapping was chosen by measurement over ST_ClusterDBSCAN and ST_ClusterKMeans (see
bench/map.py, `--algorithms`): one GROUP BY, linear in the points of the tile, several times faster,
and a cluster never straddles two tiles, which is what makes a tile cacheable on its own.

Each initiative stores where it falls on the world's Web Mercator square (`map_x`, `map_y`, columns
PostgreSQL generates from the point), and a covering index of the published ones holds those with
the id and main theme: a tile reads a range of that index, never the wide rows nor a projection per
row, and a point belongs to exactly one tile.
"""

import math
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from cresol.moderation.models import Status

TILE_PIXELS = 256
CELLS = 6  # a side: cells of 85 pixels on screen, the reach of Leaflet.markercluster's clusters
CELL_PIXELS = TILE_PIXELS / CELLS
TABLE = "initiatives_initiative"
FEW = 32  # a tile with no more initiatives than this shows them one by one
MAX_ZOOM = 18
INDIVIDUAL_ZOOM = 15  # from here on (a street, drawn at zoom 16), every initiative is shown on its own
TOP_THEMES = 3

# The filtered rows come from the ORM's SQL (put in place of <points>); the rest is constant, and the
# values are parameters, in the order of their %s. One pass counts the tile's points per cell and
# theme (a few hundred rows at most, whatever the number of points); only when the tile holds few, or
# at a close zoom, are its points read again (then they are few) to be shown one by one. A cell or a
# point shown alone fetches its name from the table: the index the points come from holds only what
# clusters need.
CLUSTERS_SQL = f"""
WITH by_theme AS MATERIALIZED (
    SELECT greatest(0, least({CELLS - 1}, floor((p.map_x * %s - %s) / {CELL_PIXELS})))::int AS cx,
           greatest(0, least({CELLS - 1}, floor((p.map_y * %s - %s) / {CELL_PIXELS})))::int AS cy,
           p.main_theme_id AS theme, count(*) AS n, sum(p.map_x) AS sum_x, sum(p.map_y) AS sum_y, min(p.id) AS id
    FROM (<points>) p
    GROUP BY 1, 2, 3
),
one_by_one AS (
    SELECT %s OR (SELECT sum(n) FROM by_theme) <= {FEW} AS yes
),
alone AS (
    SELECT p.id, 1 AS n, p.map_x, p.map_y, p.main_theme_id AS theme, NULL AS themes
    FROM (<points>) p WHERE (SELECT yes FROM one_by_one)
),
ranked AS (
    SELECT cx, cy, theme, n, row_number() OVER (PARTITION BY cx, cy ORDER BY n DESC, theme) AS rank
    FROM by_theme
),
cells AS (
    SELECT min(b.id) AS id, sum(b.n) AS n, sum(b.sum_x) / sum(b.n) AS map_x, sum(b.sum_y) / sum(b.n) AS map_y,
           min(b.theme) AS theme,
           (SELECT json_agg(json_build_array(r.theme, r.n) ORDER BY r.rank)::text FROM ranked r
            WHERE r.cx = b.cx AND r.cy = b.cy AND r.rank <= {TOP_THEMES}) AS themes
    FROM by_theme b WHERE NOT (SELECT yes FROM one_by_one)
    GROUP BY b.cx, b.cy
),
placed AS (
    SELECT shown.*, round((shown.map_x * 360 - 180)::numeric, 5)::float8 AS lon,
           round(degrees(atan(sinh(pi() * (1 - 2 * shown.map_y))))::numeric, 5)::float8 AS lat
    FROM (SELECT * FROM alone UNION ALL SELECT * FROM cells) shown
)
SELECT coalesce(string_agg(
    CASE WHEN c.n = 1 THEN
        '{{"type":"Feature","id":' || c.id
        || ',"geometry":{{"type":"Point","coordinates":[' || c.lon || ',' || c.lat
        || ']}},"properties":{{"name":' || to_json((SELECT i.name FROM {TABLE} i WHERE i.id = c.id))::text
        || ',"url":' || to_json(%s || c.id)::text
        || ',"theme":' || coalesce(c.theme::text, 'null') || '}}}}'
    ELSE
        '{{"type":"Feature","geometry":{{"type":"Point","coordinates":[' || c.lon || ',' || c.lat
        || ']}},"properties":{{"count":' || c.n || ',"themes":' || c.themes || '}}}}'
    END, ',' ORDER BY c.n DESC, c.id), '')
FROM placed c
"""  # noqa: S608 - constants of this module only; the ORM's SQL and values go in as above


def lon_lat(map_x: float, map_y: float) -> tuple[float, float]:
    """Back from the map's square to degrees (5 decimals, about a metre)."""
    return round(map_x * 360 - 180, 5), round(math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * map_y)))), 5)


def tile_exists(z: int, x: int, y: int) -> bool:
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def _tile_range(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """The tile's west, east, north and south edges on the map's square (map_x, map_y)."""
    size = 1 / 2**z
    return x * size, (x + 1) * size, y * size, (y + 1) * size


def points_in(queryset: QuerySet, z: int, x: int, y: int) -> Any:
    """The rows of `queryset` in the tile, with what clustering needs: read from the covering index
    `initiative_published_map` alone when no filter asks for more."""
    west, east, north, south = _tile_range(z, x, y)
    return (
        queryset.filter(map_x__gte=west, map_x__lt=east, map_y__gte=north, map_y__lt=south)
        .order_by()
        .values("id", "main_theme_id", "map_x", "map_y")
    )


# Every published initiative in a tile: the map as most people see it, its SQL written once rather than
# built by the ORM for each tile (which took 2 of a tile's 4 ms).
ALL_PUBLISHED_SQL = (
    f"SELECT id, main_theme_id, map_x, map_y FROM {TABLE}"  # noqa: S608 - a constant
    " WHERE status = %s AND map_x >= %s AND map_x < %s AND map_y >= %s AND map_y < %s"
)


def tile_sql(queryset: QuerySet | None, z: int, x: int, y: int, *, url_prefix: str) -> tuple[str, list] | None:
    """The SQL that builds the tile's features (one text, comma-separated), or None when the filters
    can match nothing; `queryset` None is every published initiative. Exposed apart so that the
    benchmark times PostgreSQL alone on the same query."""
    if queryset is None:
        points_sql = ALL_PUBLISHED_SQL
        points_params = [Status.PUBLISHED, *_tile_range(z, x, y)]
    else:
        try:
            points_sql, points_params = points_in(queryset, z, x, y).query.sql_with_params()
        except EmptyResultSet:
            return None
    world, left, top = TILE_PIXELS * 2**z, TILE_PIXELS * x, TILE_PIXELS * y
    params = [world, left, world, top, *points_params, z >= INDIVIDUAL_ZOOM, *points_params, url_prefix]
    return CLUSTERS_SQL.replace("<points>", points_sql), params  # the points' SQL twice, so its parameters too


def tile_features(queryset: QuerySet | None, z: int, x: int, y: int, *, url_prefix: str) -> str:
    """The tile's clusters and initiatives, as the comma-separated features of a FeatureCollection."""
    built = tile_sql(queryset, z, x, y, url_prefix=url_prefix)
    if built is None:
        return ""
    sql, params = built
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
