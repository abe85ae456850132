"""Errors as RFC 9457 problem details (application/problem+json), in French, with the forms' messages
by field: a partner's program reads which field to fix, a person reads why."""

from collections.abc import Mapping
from typing import Any

from django.http import JsonResponse

PROBLEM_TYPE = "https://www.cresol.fr/api/problemes/"


def problem(status: int, title: str, detail: str = "", *, slug: str = "", **extra: Any) -> JsonResponse:
    document = {"type": PROBLEM_TYPE + (slug or str(status)), "title": title, "status": status, **extra}
    if detail:
        document["detail"] = detail
    response = JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/problem+json"
    return response


def form_errors(errors: Mapping[str, Any]) -> dict[str, list[str]]:
    """Each field's messages; the whole form's under "__all__", as Django names them."""
    return {field: [str(message) for message in messages] for field, messages in errors.items()}


def invalid(errors: Mapping[str, Any], *, status: int = 422, title: str = "Données invalides") -> JsonResponse:
    return problem(
        status,
        title,
        "Corrigez les champs indiqués dans « errors » puis renvoyez la demande.",
        slug="donnees-invalides" if status == 422 else "parametres-invalides",
        errors=form_errors(errors),
    )


def schema(description: str) -> dict[str, Any]:
    """The OpenAPI response of a problem, for the operations' descriptions."""
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Probleme"}}},
    }


PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "Les messages d'erreur de chaque champ ; ceux de l'ensemble sous « __all__ ».",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
