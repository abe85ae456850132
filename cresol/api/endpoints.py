"""A read-only collection — its list (the page's filters, by cursor) and its items by slug — declared
once for every section, so that every list answers the same way."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from ninja import Router

from . import problems
from .listing import Licence, envelope, filtered, keyset, list_parameters, one_of, page_of, single


@dataclass(frozen=True)
class Collection:
    name: str  # the operations' ids: "initiatives" gives initiatives_list and initiatives_get
    plural: str  # for people: "les initiatives publiées"
    item: Any  # the ninja Schema of one item
    licence: Licence
    filterset: Any  # the page's FilterSet
    # The filtered queryset, made ready for a page (select_related, prefetches: queries stay constant).
    rows: Callable[[QuerySet[Any]], QuerySet[Any]]
    # The items as the API shows them, in order (also the webhooks' payloads).
    represent: Callable[[list[Any]], list[dict[str, Any]]]
    detail: Callable[[], QuerySet[Any]]  # what may be read by slug
    lookup: str = "slug"
    # The key an item now answers to, when the one asked for was renamed or merged into another: a 301.
    moved_to: Callable[[str], str | None] | None = None

    def payloads(self, objs: list[Any]) -> list[dict[str, Any]]:
        """The webhooks' payloads: each content as the API shows it, read again with what it shows."""
        if not objs:
            return []
        manager = type(objs[0])._default_manager
        by_pk = {row.pk: row for row in self.rows(manager.filter(pk__in=[obj.pk for obj in objs]))}
        return self.represent([by_pk[obj.pk] for obj in objs if obj.pk in by_pk])


def register(router: Router, collection: Collection) -> None:
    name = collection.name

    @router.get(
        "/",
        response=page_of(collection.item),
        openapi_extra={
            "parameters": list_parameters(collection.filterset),
            "responses": {
                "400": problems.schema("Un filtre, le curseur ou la limite est invalide : voir « errors »."),
                "429": problems.schema("Trop de requêtes."),
            },
        },
        summary=f"Lister {collection.plural}",
        operation_id=f"{name}_list",
        url_name=f"{name}_list",
    )
    def listing(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
        filterset = filtered(request, collection.filterset)
        rows, next_url = keyset(request, collection.rows(filterset.qs))
        links = [f'<{collection.licence.url}>; rel="license"']
        if next_url:
            links.insert(0, f'<{next_url}>; rel="next"')
        response["Link"] = ", ".join(links)
        return envelope(collection.licence, collection.represent(rows), next_url)

    @router.get(
        "/{key}/",
        response=one_of(collection.item),
        summary=f"Lire un élément ({collection.plural})",
        openapi_extra={
            "responses": {
                "404": problems.schema("Introuvable, ou pas publié."),
                "429": problems.schema("Trop de requêtes."),
            }
        },
        operation_id=f"{name}_get",
        url_name=f"{name}_get",
    )
    def detail(request: HttpRequest, response: HttpResponse, key: str) -> Any:
        try:
            obj = get_object_or_404(collection.rows(collection.detail()), **{collection.lookup: key})
        except (ValueError, ValidationError) as error:  # "abc" for a numeric key: nothing there either
            raise Http404 from error
        except Http404:
            new_key = collection.moved_to(key) if collection.moved_to else None
            if new_key is None:
                raise
            return HttpResponsePermanentRedirect(request.path.replace(f"/{key}/", f"/{new_key}/"))
        response["Link"] = f'<{collection.licence.url}>; rel="license"'
        return single(collection.licence, collection.represent([obj])[0])
