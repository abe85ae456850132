"""The filters shared by the map, the GeoJSON, the list, the exports and the embedded map.

Parameter names are part of the public contract (partners link to filtered views):
theme, type, departement, epci, pays, commune, q, lat, lon, rayon, ouvert, bbox.
"""

from typing import Any

import django_filters
from django import forms
from django.contrib.gis.geos import Point, Polygon
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cresol.core.search import matching_words
from cresol.territories.filters import CommuneFilter
from cresol.territories.geometry import WGS84
from cresol.territories.models import EPCI, Departement, Pays
from cresol.territories.nearby import RADIUS_CHOICES, point_at, within_radius
from cresol.themes.models import Theme

from .models import Initiative, InitiativeOpening, Kind


class BBoxField(forms.CharField):
    """`minLon,minLat,maxLon,maxLat` in WGS84, as in RFC 7946."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        try:
            min_lon, min_lat, max_lon, max_lat = (float(part) for part in value.split(","))
        except ValueError as error:
            raise forms.ValidationError(
                _("bbox attend quatre nombres : minLon,minLat,maxLon,maxLat."), code="bbox_format"
            ) from error
        if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
            raise forms.ValidationError(
                _("bbox : les coordonnées doivent aller du sud-ouest au nord-est, en degrés WGS84."),
                code="bbox_range",
            )
        return Polygon.from_bbox((min_lon, min_lat, max_lon, max_lat))


class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def filter(self, qs: Any, value: Any) -> Any:
        if value is None:
            return qs
        value.srid = WGS84
        return qs.filter(point__intersects=value)


class CheckboxFilter(django_filters.Filter):
    """A box to tick: `?ouvert=1` (or a browser's `on`) filters, its absence does not."""

    field_class = forms.BooleanField


class InitiativeFilterForm(forms.Form):
    def clean(self) -> Any:
        super().clean()
        cleaned = self.cleaned_data
        if (cleaned.get("lat") is None) != (cleaned.get("lon") is None):
            raise forms.ValidationError(_("Indiquez à la fois la latitude et la longitude."), code="near_incomplete")
        return cleaned


class InitiativeFilter(django_filters.FilterSet):
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Thématiques"),
        field_name="themes__slug",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    type = django_filters.MultipleChoiceFilter(
        label=_("Type de structure"),
        field_name="kind",
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    departement = django_filters.ModelChoiceFilter(
        label=_("Département"),
        field_name="commune__departement",
        to_field_name="code",
        queryset=Departement.objects.all(),
        empty_label=_("Tous les départements"),
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("Intercommunalité"),
        field_name="commune__epci",
        to_field_name="siren",
        queryset=EPCI.objects.all(),
        empty_label=_("Toutes les intercommunalités"),
    )
    pays = django_filters.ModelChoiceFilter(
        label=_("Pays"),
        field_name="commune__epci__pays",
        to_field_name="slug",
        queryset=Pays.objects.all(),
        empty_label=_("Tous les Pays"),
    )
    commune = CommuneFilter(label=_("Commune"), field_name="commune")
    q = django_filters.CharFilter(label=_("Recherche"), method="filter_text", max_length=100)
    lat = django_filters.NumberFilter(label=_("Latitude"), method="filter_noop", min_value=-90, max_value=90)
    lon = django_filters.NumberFilter(label=_("Longitude"), method="filter_noop", min_value=-180, max_value=180)
    rayon = django_filters.TypedChoiceFilter(
        label=_("Rayon"), choices=RADIUS_CHOICES, coerce=int, method="filter_noop", empty_value=None
    )
    ouvert = CheckboxFilter(label=_("Ouvert maintenant"), method="filter_open_now")

    class Meta:
        model = Initiative
        fields: list[str] = []
        form = InitiativeFilterForm

    def __init__(self, *args, queryset: Any = None, **kwargs) -> None:
        super().__init__(*args, queryset=queryset if queryset is not None else Initiative.objects.published(), **kwargs)
        self.form.fields["rayon"].widget.choices = [("", _("Aucun")), *RADIUS_CHOICES]

    @property
    def near_point(self) -> Point | None:
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        if data.get("lat") is None or data.get("lon") is None:
            return None
        return point_at(data["lat"], data["lon"])

    def filter_noop(self, queryset: QuerySet, name: str, value: Any) -> Any:
        return queryset  # lat, lon and rayon act together in filter_queryset

    def filter_open_now(self, queryset: QuerySet, name: str, value: Any) -> Any:
        """Open at this moment, by the periods stored from their hours (holidays and seasons included)."""
        if not value:
            return queryset
        open_now = InitiativeOpening.objects.filter(initiative=OuterRef("pk"), periods__contains=timezone.now())
        return queryset.filter(Exists(open_now))

    def filter_text(self, queryset: QuerySet, name: str, value: Any) -> Any:
        words = matching_words(value, "name", "summary", "commune__name", "tags__name")
        if words is None:
            return queryset
        # Every word somewhere, accents aside; or a name close to what was typed (a typo).
        return queryset.annotate(text_score=TrigramWordSimilarity(value.strip(), "name")).filter(
            words | Q(text_score__gt=0.5)
        )

    def filter_queryset(self, queryset: QuerySet) -> Any:
        queryset = super().filter_queryset(queryset)
        point, radius = self.near_point, self.form.cleaned_data.get("rayon")
        if point is not None and radius:
            queryset = within_radius(queryset, point, radius)
        if self.form.cleaned_data.get("theme") or self.form.cleaned_data.get("q"):
            queryset = queryset.distinct()
        return queryset

    @property
    def active(self) -> bool:
        """Whether any filter narrows the results (to say so on the page)."""
        return self.is_bound and any(value not in (None, "", [], False) for value in self.form.cleaned_data.values())


class GeoJSONFilter(InitiativeFilter):
    bbox = BBoxFilter(label="bbox")
