"""The territories in the API: départements, intercommunalités and communes of the region, by their
official codes (the codes every filter of the API takes)."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Prefetch
from ninja import Router, Schema

from cresol.api.endpoints import Collection, register
from cresol.api.listing import DATA, TERRITORIES

from .models import EPCI, Commune, Departement, Pays


class DepartementOut(Schema):
    code: str
    name: str


class EpciOut(Schema):
    siren: str
    name: str
    kind: str


class PaysOut(Schema):
    slug: str
    name: str
    kind: str
    epcis: list[str]
    council_name: str
    council_url: str
    website: str


class CommuneOut(Schema):
    code: str
    name: str
    postal_codes: list[str]
    departement: str
    epci: str | None
    lat: float | None
    lon: float | None


class NoFilter(django_filters.FilterSet):
    def __init__(self, data: Any = None, *args: Any, queryset: Any = None, **kwargs: Any) -> None:
        super().__init__(
            data, *args, queryset=queryset if queryset is not None else self._meta.model.objects.all(), **kwargs
        )


class DepartementFilter(NoFilter):
    class Meta:
        model = Departement
        fields: list[str] = []


class EpciFilter(NoFilter):
    class Meta:
        model = EPCI
        fields: list[str] = []


class PaysFilter(NoFilter):
    class Meta:
        model = Pays
        fields: list[str] = []


class CommuneApiFilter(NoFilter):
    departement = django_filters.CharFilter(
        label="Département (code INSEE)", field_name="departement__code", max_length=3
    )
    epci = django_filters.CharFilter(label="Intercommunalité (SIREN)", field_name="epci__siren", max_length=9)
    q = django_filters.CharFilter(
        label="Nom ou code postal", method="filter_named", max_length=100, widget=forms.TextInput
    )

    class Meta:
        model = Commune
        fields: list[str] = []

    def filter_named(self, queryset: Any, name: str, value: Any) -> Any:
        return queryset.filter(pk__in=Commune.objects.named(value).values("pk")) if value else queryset


def _departements(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"code": row.code, "name": row.name} for row in rows]


def _epcis(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"siren": row.siren, "name": row.name, "kind": row.kind} for row in rows]


def _pays(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "slug": row.slug,
            "name": row.name,
            "kind": row.kind,
            "epcis": [epci.siren for epci in row.epcis.all()],
            "council_name": row.council_name,
            "council_url": row.council_url,
            "website": row.website,
        }
        for row in rows
    ]


def _communes(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "code": row.code,
            "name": row.name,
            "postal_codes": row.postal_codes,
            "departement": row.departement.code,
            "epci": row.epci.siren if row.epci else None,
            "lat": round(row.point.y, 6) if row.point else None,
            "lon": round(row.point.x, 6) if row.point else None,
        }
        for row in rows
    ]


router = Router(tags=["Territoires"])
departements, epcis, every_pays, communes = Router(), Router(), Router(), Router()
register(
    departements,
    Collection(
        name="departements",
        plural="les départements",
        item=DepartementOut,
        licence=TERRITORIES,
        filterset=DepartementFilter,
        rows=lambda queryset: queryset.only("code", "name"),
        represent=_departements,
        detail=Departement.objects.all,
        lookup="code",
    ),
)
register(
    epcis,
    Collection(
        name="epcis",
        plural="les intercommunalités",
        item=EpciOut,
        licence=TERRITORIES,
        filterset=EpciFilter,
        rows=lambda queryset: queryset.only("siren", "name", "kind"),
        represent=_epcis,
        detail=EPCI.objects.all,
        lookup="siren",
    ),
)
register(
    communes,
    Collection(
        name="communes",
        plural="les communes",
        item=CommuneOut,
        licence=TERRITORIES,
        filterset=CommuneApiFilter,
        rows=lambda queryset: queryset.select_related("departement", "epci").only(
            "code", "name", "postal_codes", "point", "departement__code", "epci__siren"
        ),
        represent=_communes,
        detail=Commune.objects.all,
        lookup="code",
    ),
)
register(
    every_pays,
    Collection(
        name="pays",
        plural="les Pays (leurs intercommunalités par SIREN)",
        item=PaysOut,
        licence=DATA,
        filterset=PaysFilter,
        rows=lambda queryset: queryset.prefetch_related(Prefetch("epcis", EPCI.objects.only("siren"))),
        represent=_pays,
        detail=Pays.objects.all,
    ),
)
router.add_router("/departements/", departements)
router.add_router("/pays/", every_pays)
router.add_router("/epci/", epcis)
router.add_router("/communes/", communes)
