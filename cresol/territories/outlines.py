"""The territories' outlines as SVG paths, for maps drawn on the server (the observatory's choropleth).

In Lambert-93 metres (the projection of maps of France: no stretching at this latitude), simplified to
half a kilometre — a region's map is a few hundred pixels wide. Simplifying takes PostgreSQL about
150 ms for the EPCIs: computed once, kept in the cache until the loader changes the territories.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

LAMBERT_93 = 2154
TOLERANCE_METRES = 500
CACHE_KEY = "territories:svg-outlines:{level}"

_QUERIES = {
    "departement": "SELECT code, name, geom FROM territories_departement WHERE geom IS NOT NULL",
    "epci": "SELECT siren, name, geom FROM territories_epci WHERE geom IS NOT NULL",
    # A Pays is drawn as its member intercommunalités together.
    "pays": """
        SELECT p.slug, p.name, ST_Multi(ST_Union(e.geom))
        FROM territories_pays p
        JOIN territories_pays_epcis pe ON pe.pays_id = p.id
        JOIN territories_epci e ON e.id = pe.epci_id
        WHERE e.geom IS NOT NULL GROUP BY p.slug, p.name
    """,
}


@dataclass(frozen=True)
class Outlines:
    view_box: str  # "x y width height", the SVG's own (y grows downwards: ST_AsSVG negates it)
    paths: dict  # code -> (name, path data)


def svg_outlines(level: str) -> Outlines:
    """The outlines of every département (level="departement"), EPCI ("epci") or Pays ("pays")."""
    key = CACHE_KEY.format(level=level)
    outlines = cache.get(key)
    if outlines is None:
        outlines = _compute(level)
        cache.set(key, outlines, None)
    return outlines


def forget_outlines() -> None:
    """After the territories are loaded again, or staff change a Pays."""
    cache.delete_many([CACHE_KEY.format(level=level) for level in _QUERIES])


def _compute(level: str) -> Outlines:
    sql = f"""
        WITH shapes AS (
            SELECT code, name, ST_SimplifyPreserveTopology(ST_Transform(geom, {LAMBERT_93}), {TOLERANCE_METRES}) AS g
            FROM ({_QUERIES[level]}) AS territories(code, name, geom)
        )
        SELECT code, name, ST_AsSVG(g, 1, 0), ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
        FROM shapes, (SELECT ST_Extent(g) AS e FROM shapes) AS extent
        ORDER BY code
    """  # noqa: S608 - the level picks one of three fixed queries
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    if not rows:
        return Outlines("0 0 1 1", {})
    _, _, _, xmin, ymin, xmax, ymax = rows[0]
    margin = 2000
    view_box = f"{xmin - margin:.0f} {-ymax - margin:.0f} {xmax - xmin + 2 * margin:.0f} {ymax - ymin + 2 * margin:.0f}"
    return Outlines(view_box, {code: (name, path) for code, name, path, *_ in rows})
