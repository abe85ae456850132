"""Build GEOS geometries from GeoJSON without going through GDAL; where a point falls on a web map.

GeoDjango parses GeoJSON strings with GDAL, and Debian 12's GDAL (3.6) cannot block the file and
network access that a malicious spatial reference may ask for (check gis.W001). These helpers read
only coordinates and always assume WGS84, so no spatial reference from the input is ever interpreted.
"""

from typing import Any

from django.contrib.gis.geos import LinearRing, MultiPolygon, Point, Polygon
from django.db.models import FloatField, Func
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cos, Ln, Pi, Radians, Tan

WGS84 = 4326


class GeometryError(ValueError):
    """The input is not a geometry of the expected kind, or its coordinates are not numbers in range."""


def _position(raw: Any) -> tuple[float, float]:
    if not isinstance(raw, list | tuple) or len(raw) < 2:
        raise GeometryError("a position must be [longitude, latitude]")
    lon, lat = raw[0], raw[1]
    if isinstance(lon, bool) or isinstance(lat, bool) or not all(isinstance(v, int | float) for v in (lon, lat)):
        raise GeometryError("coordinates must be numbers")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise GeometryError("coordinates are out of range")
    return float(lon), float(lat)


def _polygon(rings: Any) -> Polygon:
    if not isinstance(rings, list) or not rings:
        raise GeometryError("a polygon needs at least one ring")
    built = []
    for ring in rings:
        positions = [_position(p) for p in ring]
        if len(positions) < 4 or positions[0] != positions[-1]:
            raise GeometryError("a ring must be closed and have four positions or more")
        built.append(LinearRing(positions))
    return Polygon(*built, srid=WGS84)


def multipolygon_from_geojson(geometry: dict) -> MultiPolygon:
    """A Polygon or MultiPolygon GeoJSON geometry as a GEOS MultiPolygon in WGS84."""
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        polygons = [_polygon(coordinates)]
    elif kind == "MultiPolygon" and isinstance(coordinates, list):
        polygons = [_polygon(rings) for rings in coordinates]
    else:
        raise GeometryError(f"expected a Polygon or a MultiPolygon, not {kind!r}")
    return MultiPolygon(*polygons, srid=WGS84)


def point_from_geojson(geometry: dict) -> Point:
    """A GeoJSON Point as a GEOS Point in WGS84."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        raise GeometryError("expected a Point")
    return Point(*_position(geometry.get("coordinates")), srid=WGS84)


def web_mercator_x(point: Any) -> CombinedExpression:
    """Where a point falls across the world's square in Web Mercator, from 0 (180° W) to 1 (180° E)."""
    return (Func(point, function="ST_X", output_field=FloatField()) + 180.0) / 360.0


def web_mercator_y(point: Any) -> CombinedExpression:
    """From 0 (85.05° N) to 1 (85.05° S): the north is on top, as the tiles count their rows."""
    latitude = Radians(Func(point, function="ST_Y", output_field=FloatField()))
    return (1.0 - Ln(Tan(latitude) + 1.0 / Cos(latitude)) / Pi()) / 2.0
