"""The directory's resource people in the API: what their public page shows (never their e-mail)."""

from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from ninja import Router, Schema

from cresol.api.endpoints import Collection, register
from cresol.api.listing import DATA
from cresol.territories.models import EPCI, Commune, Departement, Pays
from cresol.themes.models import Theme

from .filters import PersonFilter
from .models import ResourcePerson


class PersonOut(Schema):
    slug: str
    display_name: str
    structure: str
    bio: str
    skills: list[str]
    themes: list[str]
    base_commune: str
    base_commune_code: str
    departements: list[str]
    epcis: list[str]
    communes: list[str]
    pays: list[str]
    url: str


def represent(people: list[ResourcePerson]) -> list[dict[str, Any]]:
    return [
        {
            "slug": person.slug,
            "display_name": person.display_name,
            "structure": person.structure,
            "bio": person.bio,
            "skills": person.skills,
            "themes": [theme.slug for theme in person.themes.all()],
            "base_commune": person.base_commune.name,
            "base_commune_code": person.base_commune.code,
            "departements": [departement.code for departement in person.departements.all()],
            "epcis": [epci.siren for epci in person.epcis.all()],
            "communes": [commune.code for commune in person.communes.all()],
            "pays": [pays.slug for pays in person.pays.all()],
            "url": settings.SITE_URL + person.get_absolute_url(),
        }
        for person in people
    ]


def rows(queryset: Any) -> Any:
    return (
        queryset.select_related("base_commune")
        .defer("base_commune__geom")
        .prefetch_related(
            Prefetch("themes", Theme.objects.only("slug")),
            Prefetch("departements", Departement.objects.only("code")),
            Prefetch("epcis", EPCI.objects.only("siren")),
            Prefetch("communes", Commune.objects.only("code")),
            Prefetch("pays", Pays.objects.only("slug")),
        )
    )


router = Router(tags=["Personnes ressources"])
register(
    router,
    Collection(
        name="people",
        plural="les personnes ressources",
        item=PersonOut,
        licence=DATA,
        filterset=PersonFilter,
        rows=rows,
        represent=represent,
        detail=ResourcePerson.objects.published,
    ),
)
