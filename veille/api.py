"""The shared watch in the partners' API: published shares with the watch's filters, and partners'
links through the members' share form (CC BY-SA 4.0 for the comments)."""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema

from cresol.api import tokens
from cresol.api.endpoints import Collection, register
from cresol.api.listing import TEXTS
from cresol.api.models import Scope
from cresol.api.tokens import PartnerAuth
from cresol.api.writes import WRITE_PROBLEMS, JsonForm, Written, created, json_body
from cresol.core.fetch import FetchError, check_address
from cresol.themes.models import Theme

from . import services
from .filters import ShareFilter
from .forms import ShareForm
from .models import Share


class ShareOut(Schema):
    id: int
    url: str
    title: str
    description: str
    comment: str
    themes: list[str]
    tags: list[str]
    deadline: date | None
    published_at: datetime | None
    page: str


def represent(shares: list[Share]) -> list[dict[str, Any]]:
    return [
        {
            "id": share.pk,
            "url": share.url,
            "title": share.title,
            "description": share.description,
            "comment": share.comment,
            "themes": [theme.slug for theme in share.themes.all()],
            "tags": sorted(tag.name for tag in share.tags.all()),
            "deadline": share.deadline,
            "published_at": share.published_at,
            "page": settings.SITE_URL + share.get_absolute_url(),
        }
        for share in shares
    ]


def rows(queryset: QuerySet[Share]) -> QuerySet[Share]:
    return queryset.prefetch_related(
        Prefetch("themes", Theme.objects.only("slug")),
        Prefetch("tags"),  # type: ignore[misc]  # taggit's manager, unknown to django-stubs
    )


BODY = JsonForm(ShareForm, joined={"tags": ", "})

COLLECTION = Collection(
    name="shares",
    plural="les partages publiés",
    item=ShareOut,
    licence=TEXTS,
    filterset=ShareFilter,
    rows=rows,
    represent=represent,
    detail=Share.objects.published,
    lookup="pk",
)
router = Router(tags=["Veille"])
register(router, COLLECTION)


@router.post(
    "/",
    auth=PartnerAuth(),
    response={201: Written},
    summary="Partager un lien",
    description="Avec un jeton qui a le droit « partages ». Relu avant publication, sauf pour un partenaire "
    "de confiance.",
    operation_id="shares_create",
    openapi_extra={**BODY.request_body(), **WRITE_PROBLEMS},
)
def create(request: HttpRequest) -> Any:
    token = tokens.require(request, Scope.SHARES)
    form = BODY.bind(json_body(request))
    if form.is_valid():
        try:
            check_address(form.cleaned_data["url"], allow_unresolvable=True)
        except FetchError as error:
            form.add_error("url", f"Cette adresse est refusée : {error}.")
    if not form.is_valid():
        raise BODY.errors(form)
    if services.already_shared(form.cleaned_data["url"]) is not None:
        form.add_error("url", "Ce lien est déjà partagé sur le portail.")
        raise BODY.errors(form, status=409)
    return created(services.share_create(by=token.account, publish=token.trusted, **form.cleaned_data))
