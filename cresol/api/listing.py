"""What every read answers: the licence of what it returns, a page of results with the cursor of the
next, and the same filters as the page (the section's FilterSet)."""

import base64
import binascii
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from pydantic import create_model

from cresol.core.opendata import CC_BY_SA, ODBL

from . import problems
from .formschema import query_parameters

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class ApiError(Exception):
    """Answered as a problem (cresol.api.site's handler)."""

    def __init__(self, response: Any) -> None:
        super().__init__(response.status_code)
        self.response = response


@dataclass(frozen=True)
class Licence:
    name: str
    url: str
    attribution: str

    def envelope(self) -> dict[str, str]:
        return {"licence": self.name, "licence_url": self.url, "attribution": self.attribution}


DATA = Licence(ODBL[0], ODBL[1], "Cré-sol et ses contributeurs")
TEXTS = Licence(CC_BY_SA[0], CC_BY_SA[1], "Cré-sol et les auteurs de chaque texte")
TERRITORIES = Licence(
    "Licence Ouverte 2.0",
    "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "INSEE COG (Etalab), contours IGN Admin Express COG 2018",
)


def page_of(item: Any) -> Any:
    """The OpenAPI schema of a page of `item`s."""
    return create_model(
        f"Page{item.__name__}",
        licence=(str, ...),
        licence_url=(str, ...),
        attribution=(str, ...),
        results=(list[item], ...),
        next=(str | None, ...),
    )


def one_of(item: Any) -> Any:
    """The OpenAPI schema of one `item`, with its licence."""
    return create_model(
        f"Un{item.__name__}", licence=(str, ...), licence_url=(str, ...), attribution=(str, ...), result=(item, ...)
    )


def cursor_parameters() -> list[dict[str, Any]]:
    return [
        {
            "name": "curseur",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "description": "La page suivante : la valeur que donne « next » (ou l'en-tête Link) de la page précédente.",
        },
        {
            "name": "limite",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
            "description": "Le nombre de résultats par page.",
        },
    ]


def list_parameters(filterset_class: Any, **overrides: dict[str, Any]) -> list[dict[str, Any]]:
    """The query parameters of a list: its page's filters, then the cursor."""
    return query_parameters(filterset_class().form, overrides=overrides) + cursor_parameters()


def filtered(request: HttpRequest, filterset_class: Any, **kwargs: Any) -> Any:
    """The section's FilterSet on the query; its French messages as a 400 problem when it is invalid."""
    data = request.GET.copy()
    for name in ("curseur", "limite"):
        data.pop(name, None)
    filterset = filterset_class(data, **kwargs)
    if not filterset.is_valid():
        raise ApiError(problems.invalid(filterset.form.errors, status=400, title="Paramètres invalides"))
    return filterset


def encode_cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def _decode_cursor(value: str) -> int:
    try:
        decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        kind, _, pk = decoded.partition(":")
        if kind != "id" or not pk.isdigit():
            raise ValueError(value)
        return int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise ApiError(
            problems.problem(
                400, "Curseur invalide", "Reprenez l'adresse « next » de la page précédente.", slug="curseur"
            )
        ) from error


def _limit(request: HttpRequest) -> int:
    value = request.GET.get("limite", "")
    if not value:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise ApiError(
            problems.problem(
                400,
                "Limite invalide",
                f"« limite » va de 1 à {MAX_LIMIT}.",
                slug="limite",
                errors={"limite": [f"Indiquez un nombre de 1 à {MAX_LIMIT}."]},
            )
        )
    return int(value)


def keyset(request: HttpRequest, queryset: QuerySet[Any]) -> tuple[list[Any], str | None]:
    """A page of the queryset in the order of ids, after the cursor; the address of the next page.

    By id: an item added while a partner reads the list comes last, and no page shifts under them (an
    offset would show an item twice or skip one)."""
    limit = _limit(request)
    after = _decode_cursor(request.GET["curseur"]) if request.GET.get("curseur") else 0
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    query = request.GET.copy()
    query["curseur"] = encode_cursor(rows[-1].pk)
    return rows, f"{settings.SITE_URL}{request.path}?{urlencode(query, doseq=True)}"


def envelope(licence: Licence, results: list[Any], next_url: str | None) -> dict[str, Any]:
    return {**licence.envelope(), "results": results, "next": next_url}


def single(licence: Licence, result: Any) -> dict[str, Any]:
    return {**licence.envelope(), "result": result}
