"""Archipel O Centre in the partners' API: the published initiatives with the map's filters, and
partners' proposals through the members' form and the same moderation.

An initiative reads as one row of the JSON export (exports.export_rows): the same fields, the same
published JSON Schema (/donnees/schemas/initiatives.json.schema.json), from one query per page."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema

from cresol.api import tokens
from cresol.api.endpoints import Collection, register
from cresol.api.listing import DATA
from cresol.api.models import Scope
from cresol.api.tokens import PartnerAuth
from cresol.api.writes import LAT_LON, WRITE_PROBLEMS, JsonForm, Written, created, json_body, point_from, similar
from cresol.moderation.models import Status

from . import services
from .exports import export_rows
from .filters import InitiativeFilter
from .forms import InitiativeForm
from .models import Initiative, InitiativeSlug


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
    postal_code: str
    departement: str
    epci: str
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
    updated_at: str
    last_confirmed_at: str | None


def represent(initiatives: list[Initiative]) -> list[dict[str, Any]]:
    """The page's initiatives as the export writes them (its query orders them by id, as the page)."""
    return list(export_rows(Initiative.objects.filter(pk__in=[initiative.pk for initiative in initiatives])))


def rows(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    return queryset.only("id", "slug")  # the page's ids; represent() reads the rest in one query


def moved_to(slug: str) -> str | None:
    """The slug a renamed or merged initiative answers to now (its old slug is kept for that)."""
    return (
        InitiativeSlug.objects.filter(slug=slug, initiative__status=Status.PUBLISHED)
        .values_list("initiative__slug", flat=True)
        .first()
    )


COLLECTION = Collection(
    name="initiatives",
    plural="les initiatives publiées",
    item=InitiativeOut,
    licence=DATA,
    filterset=InitiativeFilter,
    rows=rows,
    represent=represent,
    detail=Initiative.objects.published,
    moved_to=moved_to,
)
BODY = JsonForm(
    InitiativeForm,
    renames={"commune": "commune_name"},
    joined={"tags": ", ", "social_links": "\n"},
    hidden=("image", "image_alt", "point"),
    extra=LAT_LON,
)

router = Router(tags=["Initiatives"])
register(router, COLLECTION)


@router.post(
    "/",
    auth=PartnerAuth(),
    response={201: Written},
    summary="Proposer une initiative",
    description="Avec un jeton qui a le droit « initiatives ». L'initiative est relue par l'équipe avant d'être "
    "publiée, comme celle d'un membre, sauf pour un partenaire de confiance (publiée à l'envoi). Si des "
    "initiatives semblables existent, la réponse est un 409 qui les nomme : renvoyez avec "
    "« not_a_duplicate »: true si c'en est bien une autre.",
    operation_id="initiatives_create",
    openapi_extra={**BODY.request_body(), **WRITE_PROBLEMS},
)
def create(request: HttpRequest) -> Any:
    token = tokens.require(request, Scope.INITIATIVES)
    payload = json_body(request)
    form = BODY.bind(payload, internal=point_from(payload))
    if not form.is_valid():
        raise BODY.errors(form)
    if not form.check_duplicates():
        raise similar(
            "Initiatives semblables",
            "Des initiatives semblables existent déjà : vérifiez qu'il s'agit d'une autre, puis renvoyez avec "
            "« not_a_duplicate »: true.",
            form.duplicates,
        )
    initiative = services.initiative_propose(
        data=form.cleaned_data, by=token.account, duplicate_acknowledged=bool(form.duplicates), publish=token.trusted
    )
    return created(initiative)
