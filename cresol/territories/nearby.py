""" "Around me": the radius filter both maps offer, on any model with a `point` in WGS84."""

import math
from typing import Any

from django.contrib.gis.geos import Point
from django.contrib.gis.measure import D
from django.db.models import QuerySet

from .geometry import WGS84

RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")]


def point_at(lat: float, lon: float) -> Point:
    return Point(float(lon), float(lat), srid=WGS84)


def within_radius(queryset: QuerySet, point: Point, radius_km: float, *, field: str = "point") -> Any:
    """Rows within `radius_km` of the point: an indexed box in degrees, then the true distance."""
    degrees = radius_km / (111.32 * max(math.cos(math.radians(point.y)), 0.01))
    return queryset.filter(
        **{f"{field}__dwithin": (point, degrees), f"{field}__distance_lte": (point, D(km=radius_km))}
    )
