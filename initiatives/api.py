"""Archipel O Centre in the partners' API: the published initiatives with the map's filters, and
partners' proposals through the members' form and the same moderation."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as Answer

from cresol.api import tokens
from cresol.api.endpoints import Collection, register
from cresol.api.listing import DATA, ApiError
from cresol.api.models import Scope
from cresol.api.problems import problem
from cresol.api.tokens import PartnerAuth
from cresol.api.writes import LAT_LON, WRITE_PROBLEMS, JsonForm, json_body, point_from
from cresol.moderation.models import Status
from cresol.themes.models import Theme

from . import services
from .filters import InitiativeFilter
from .forms import InitiativeForm
from .models import Initiative


class InitiativeOut(Schema):
    id: int
    slug: str
    name: str
    summary: str
    description: str
    kind: str
    themes: list[str]
    tags: list[str]
    siret: str
    address: str
    commune: str
    commune_code: str
    departement: str
    lat: float
    lon: float
    website: str
    email: str
    phone: str
    social_links: list[str]
    opening_hours: str
    opening_hours_note: str
    founded_year: int | None
    network_member: bool
    url: str
    published_at: datetime | None
    updated_at: datetime


class InitiativeWritten(Schema):
    id: int
    slug: str
    status: str
    published: bool
    url: str | None


def represent(initiatives: list[Initiative]) -> list[dict[str, Any]]:
    return [
        {
            "id": initiative.pk,
            "slug": initiative.slug,
            "name": initiative.name,
            "summary": initiative.summary,
            "description": initiative.description,
            "kind": initiative.kind,
            "themes": [theme.slug for theme in initiative.themes.all()],
            "tags": sorted(tag.name for tag in initiative.tags.all()),
            "siret": initiative.siret,
            "address": initiative.address,
            "commune": initiative.commune.name,
            "commune_code": initiative.commune.code,
            "departement": initiative.commune.departement.code,
            "lat": round(initiative.point.y, 6),
            "lon": round(initiative.point.x, 6),
            "website": initiative.website,
            "email": initiative.email,
            "phone": initiative.phone,
            "social_links": initiative.social_links,
            "opening_hours": initiative.opening_hours,
            "opening_hours_note": initiative.opening_hours_note,
            "founded_year": initiative.founded_year,
            "network_member": initiative.network_member,
            "url": settings.SITE_URL + initiative.get_absolute_url(),
            "published_at": initiative.published_at,
            "updated_at": initiative.updated_at,
        }
        for initiative in initiatives
    ]


def rows(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return (
        queryset.select_related("commune__departement")
        .defer("description_html", "commune__geom", "commune__departement__geom")
        .prefetch_related(
            Prefetch("themes", Theme.objects.only("slug")),
            Prefetch("tags"),  # type: ignore[misc]  # taggit's manager, unknown to django-stubs
        )
    )


class InitiativeApiForm(InitiativeForm):
    """The members' form as the API takes it: themes by slug, the position as lat and lon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].to_field_name = "slug"  # type: ignore[attr-defined]
        self.fields[
            "themes"
        ].help_text = "Leurs identifiants (GET /api/v1/thematiques/) ; la première colore le marqueur."


BODY = JsonForm(
    InitiativeApiForm,
    renames={"commune": "commune_name", "not_a_duplicate": "not_a_duplicate"},
    joined={"tags": ", ", "social_links": "\n"},
    hidden=("image", "image_alt", "point"),
    extra=LAT_LON,
)


router = Router(tags=["Initiatives"])
register(
    router,
    Collection(
        name="initiatives",
        plural="les initiatives publiées",
        item=InitiativeOut,
        licence=DATA,
        filterset=InitiativeFilter,
        rows=rows,
        represent=represent,
        detail=Initiative.objects.published,
    ),
)


@router.post(
    "/",
    auth=PartnerAuth(),
    response={201: InitiativeWritten},
    summary="Proposer une initiative",
    description="Avec un jeton qui a le droit « initiatives ». L'initiative est relue par l'équipe avant d'être "
    "publiée, comme celle d'un membre, sauf pour un partenaire de confiance (publiée à l'envoi). Si des "
    "initiatives semblables existent, la réponse est un 409 qui les nomme : renvoyez avec "
    "« not_a_duplicate »: true si c'en est bien une autre.",
    operation_id="initiatives_create",
    openapi_extra={**BODY.request_body(), **WRITE_PROBLEMS},
)
def create(request: HttpRequest) -> Answer[dict[str, Any]]:
    token = tokens.require(request, Scope.INITIATIVES)
    payload = json_body(request)
    form = BODY.bind(payload, internal=point_from(payload))
    if not form.is_valid():
        raise BODY.errors(form)
    if not form.check_duplicates():
        raise ApiError(
            problem(
                409,
                "Initiatives semblables",
                "Des initiatives semblables existent déjà : vérifiez qu'il s'agit d'une autre, puis renvoyez avec "
                "« not_a_duplicate »: true.",
                slug="doublon",
                duplicates=[
                    {
                        "name": duplicate.name,
                        "url": settings.SITE_URL + duplicate.get_absolute_url()
                        if duplicate.status == Status.PUBLISHED
                        else None,
                    }
                    for duplicate in form.duplicates
                ],
            )
        )
    initiative = services.initiative_propose(
        data=form.cleaned_data, by=token.account, duplicate_acknowledged=bool(form.duplicates), publish=token.trusted
    )
    published = initiative.status == Status.PUBLISHED
    return Answer(
        201,
        {
            "id": initiative.pk,
            "slug": initiative.slug,
            "status": initiative.status,
            "published": published,
            "url": settings.SITE_URL + initiative.get_absolute_url() if published else None,
        },
    )


def payloads(initiatives: list[Initiative]) -> list[dict[str, Any]]:
    """The webhooks' payloads: each initiative as the API shows it, read again with its relations."""
    by_pk = {item.pk: item for item in rows(Initiative.objects.filter(pk__in=[i.pk for i in initiatives]))}
    return represent([by_pk[initiative.pk] for initiative in initiatives if initiative.pk in by_pk])
