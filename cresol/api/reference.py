"""The API's reference as an HTML page, from its own OpenAPI description: every operation with its
parameters, the fields it takes and what it answers. Server-rendered and accessible (RGAA); the
interactive console (Swagger UI) is there too, for those who want to try requests in the browser."""

from dataclasses import dataclass, field
from functools import cache
from typing import Any

TYPES = {
    "string": "texte",
    "integer": "entier",
    "number": "nombre",
    "boolean": "booléen (true, false)",
    "object": "objet",
}
FORMATS = {
    "date": "date (AAAA-MM-JJ)",
    "date-time": "date et heure (ISO 8601)",
    "uri": "adresse web",
    "email": "adresse e-mail",
}


@dataclass
class Field:
    name: str
    kind: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    needs_token: bool
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    answers: list[tuple[str, str, str]] = field(default_factory=list)  # status, description, schema name


@dataclass
class Tag:
    name: str
    operations: list[Operation] = field(default_factory=list)


def describe(schema: dict[str, Any]) -> str:
    """A schema in words, for people: "liste de texte", "un de : a, b"."""
    if "$ref" in schema:
        return "objet " + schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema or "anyOf" in schema:
        return " ou ".join(describe(option) for option in schema.get("oneOf") or schema["anyOf"])
    if schema.get("type") == "array":
        return "liste de " + describe(schema.get("items", {}))
    if "enum" in schema:
        return "un de : " + ", ".join(str(value) for value in schema["enum"])
    words = FORMATS.get(schema.get("format", ""), TYPES.get(schema.get("type", ""), "valeur"))
    bounds = [f"{label} {schema[key]}" for key, label in (("minimum", "≥"), ("maximum", "≤")) if key in schema]
    if "maxLength" in schema:
        bounds.append(f"{schema['maxLength']} caractères au plus")
    return words + (f" ({', '.join(bounds)})" if bounds else "")


def _body(operation: dict[str, Any]) -> list[Field]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    required = set(schema.get("required", []))
    return [
        Field(name, describe(value), name in required, value.get("description", ""))
        for name, value in schema.get("properties", {}).items()
    ]


def _answers(operation: dict[str, Any]) -> list[tuple[str, str, str]]:
    answers = []
    for status, answer in operation.get("responses", {}).items():
        schemas = [media.get("schema", {}) for media in answer.get("content", {}).values()]
        answers.append((status, answer.get("description", ""), describe(schemas[0]) if schemas else ""))
    return answers


def _operation(path: str, method: str, operation: dict[str, Any]) -> Operation:
    return Operation(
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=operation.get("description", ""),
        anchor=operation.get("operationId", f"{method}-{path}"),
        needs_token=bool(operation.get("security")),
        parameters=[
            Field(
                parameter["name"] + (" (dans l'adresse)" if parameter["in"] == "path" else ""),
                describe(parameter.get("schema", {})),
                bool(parameter.get("required")),
                parameter.get("description", ""),
            )
            for parameter in operation.get("parameters", [])
        ],
        body=_body(operation),
        answers=_answers(operation),
    )


def _item_schemas(description: dict[str, Any]) -> list[tuple[str, list[Field]]]:
    """The objects answers are made of (not the pages and envelopes around them)."""
    objects = []
    for name, schema in description.get("components", {}).get("schemas", {}).items():
        if name.startswith(("Page", "Un")) or "properties" not in schema:
            continue
        required = set(schema.get("required", []))
        fields = [
            Field(key, describe(value), key in required, value.get("description", ""))
            for key, value in schema["properties"].items()
        ]
        objects.append((name, fields))
    return objects


@cache
def reference() -> dict[str, Any]:
    """The tags with their operations, and the objects, once per process: the description is the code's."""
    from .site import api

    description = api().get_openapi_schema()
    tags: dict[str, Tag] = {}
    for path, methods in description["paths"].items():
        for method, operation in methods.items():
            name = (operation.get("tags") or ["Autres"])[0]
            tags.setdefault(name, Tag(name)).operations.append(_operation(path, method, operation))
    return {"tags": list(tags.values()), "objects": _item_schemas(description)}
