"""A point picked on a map: django-leaflet's widget, with a strict CSP and without GDAL.

django-leaflet's own templates carry inline scripts; ours (templates/leaflet/) move their data into
attributes read by static/js/leaflet-csp.js. GeoDjango's form fields parse GeoJSON through GDAL, which
must not see untrusted input here (see the gis.W001 note in settings): this field parses it itself.
"""

import json
from typing import Any

from django import forms
from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _
from leaflet.forms.widgets import LeafletWidget

from .geometry import GeometryError, point_from_geojson
from .models import Commune

# A GeoJSON Point with its coordinates fits in far less; more is not a point (deep nesting, padding).
MAX_POINT_LENGTH = 500


def parse_point(value: Any) -> Point | None:
    if value in (None, ""):
        return None
    if hasattr(value, "geom_type"):
        return value
    try:
        if len(value) > MAX_POINT_LENGTH:
            raise GeometryError("too long for a point")
        return point_from_geojson(json.loads(value))
    except (ValueError, TypeError, RecursionError, GeometryError) as error:
        raise forms.ValidationError(_("La position indiquée sur la carte n'est pas valide."), code="invalid") from error


class PointPickerWidget(LeafletWidget):
    include_media = True
    geom_type = "POINT"
    template_name = "leaflet/widget.html"

    @property
    def media(self) -> Any:
        return super().media + forms.Media(js=["js/leaflet-csp.js"], css={"screen": ["css/map.css"]})

    def deserialize(self, value: Any) -> Any:
        try:
            return parse_point(value)
        except forms.ValidationError:
            return None


class AdminPointPickerWidget(PointPickerWidget):
    template_name = "leaflet/admin/widget.html"

    @property
    def media(self) -> Any:
        return super().media + forms.Media(css={"screen": ["leaflet/leaflet_django.css"]})


class PointPickerField(forms.Field):
    """A WGS84 point, posted by the map widget as a GeoJSON Point."""

    widget = PointPickerWidget

    def to_python(self, value: Any) -> Any:
        return parse_point(value)


class CommuneField(forms.CharField):
    """A commune of the region typed by name or postal code, resolved to the best match of the lookup.

    The field carries list="communes" so that static/js/commune-lookup.js can suggest names; without
    JavaScript the server resolves what was typed.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 150)
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "communes", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        typed = super().clean(value)
        if not typed:
            return None
        commune = Commune.objects.search(typed).first()
        if commune is None:
            raise forms.ValidationError(
                _("Aucune commune de Centre-Val de Loire ne correspond à « %(typed)s »."),
                code="unknown_commune",
                params={"typed": typed},
            )
        return commune
