"""Writes through the API: the JSON a partner sends is bound to the very form a member fills, so that
it says the same things in French, and the section's service then does what the member's form does."""

import json
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from ninja import Schema
from ninja import Status as Answer

from cresol.moderation.models import Status

from . import problems
from .formschema import body_schema
from .listing import ApiError

MAX_BODY_BYTES = 256 * 1024


def json_body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY_BYTES:
        raise ApiError(problems.problem(413, "Contenu trop volumineux", f"{MAX_BODY_BYTES // 1024} Kio au plus."))
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(
            problems.problem(400, "JSON illisible", f"Le contenu n'est pas du JSON valide : {error}.", slug="json")
        ) from error
    if not isinstance(payload, dict):
        raise ApiError(problems.problem(400, "JSON illisible", 'Envoyez un objet JSON : { "name": … }.', slug="json"))
    return payload


class JsonForm[AnyForm: forms.Form]:
    """How a section's form reads JSON: keys renamed to the form's fields, lists joined where the form
    takes text (tags separated by commas, links one per line), and errors named by the JSON's keys."""

    def __init__(
        self,
        form_class: type[AnyForm],
        *,
        renames: dict[str, str] | None = None,
        joined: dict[str, str] | None = None,
        hidden: tuple[str, ...] = (),
        extra: dict[str, dict[str, Any]] | None = None,
        by_slug: tuple[str, ...] = ("themes",),
    ) -> None:
        self.form_class = form_class
        self.renames = renames or {}  # JSON key → form field
        self.joined = joined or {}  # form field → separator
        self.hidden = hidden  # form fields the API does not take (an upload)
        self.extra = extra or {}  # JSON keys the API takes beyond the form's, with their schema
        self.by_slug = by_slug  # choices of models named by their slug, not their id (the themes)

    def _form(self, **kwargs: Any) -> AnyForm:
        form = self.form_class(**kwargs)
        for name in self.by_slug:
            if name in form.fields:
                form.fields[name].to_field_name = "slug"  # type: ignore[attr-defined]  # a model choice field
                form.fields[name].help_text = "Leurs identifiants (slug), comme l'API les donne."
        return form

    def bind(self, payload: dict[str, Any], *, internal: dict[str, Any] | None = None, **kwargs: Any) -> AnyForm:
        """The form on the payload; `internal` sets fields the API fills itself (a position from lat/lon)."""
        form = self._form(data={}, **kwargs)
        known = {self._json_name(name) for name in form.fields if name not in self.hidden} | set(self.extra)
        unknown = sorted(set(payload) - known)
        if unknown:
            raise ApiError(
                problems.invalid(
                    {name: ["Champ inconnu : retirez-le (voir la description de l'API)."] for name in unknown}
                )
            )
        data: dict[str, Any] = {}
        for key, value in payload.items():
            field = self.renames.get(key, key)
            if field in self.joined and isinstance(value, list):
                value = self.joined[field].join(str(item) for item in value)
            if isinstance(value, bool) and isinstance(form.fields.get(field), forms.BooleanField):
                value = "on" if value else ""
            data[field] = value
        return self._form(data={**data, **(internal or {})}, **kwargs)

    def _json_name(self, field: str) -> str:
        for key, name in self.renames.items():
            if name == field:
                return key
        return field

    def errors(self, form: forms.Form, *, status: int = 422) -> ApiError:
        renamed = {self._json_name(field): messages for field, messages in form.errors.items()}
        return ApiError(problems.invalid(renamed, status=status))

    def schema(self) -> dict[str, Any]:
        form = self._form()
        for name in self.hidden:
            form.fields.pop(name, None)
        schema = body_schema(form)
        properties = {self._json_name(name): value for name, value in schema["properties"].items()}
        for field in self.joined:
            key = self._json_name(field)
            if key in properties:
                properties[key] = {
                    "oneOf": [{"type": "array", "items": {"type": "string"}}, properties[key]],
                    "description": properties[key].get("description", ""),
                }
        properties.update(self.extra)
        required = [self._json_name(name) for name in schema["required"] if name not in self.hidden]
        return {**schema, "properties": properties, "required": required}

    def request_body(self) -> dict[str, Any]:
        return {"requestBody": {"required": True, "content": {"application/json": {"schema": self.schema()}}}}


LAT_LON = {
    "lat": {
        "type": "number",
        "minimum": -90,
        "maximum": 90,
        "description": "Latitude (WGS84) ; sinon le centre de la commune.",
    },
    "lon": {"type": "number", "minimum": -180, "maximum": 180, "description": "Longitude (WGS84)."},
}


def point_from(payload: dict[str, Any]) -> dict[str, Any]:
    """`lat` and `lon` taken out of the payload, as the forms' map field posts a position (GeoJSON)."""
    lat, lon = payload.pop("lat", None), payload.pop("lon", None)
    if lat is None and lon is None:
        return {}
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        raise ApiError(problems.invalid({"lat": ["Donnez la latitude et la longitude ensemble : deux nombres."]}))
    return {"point": json.dumps({"type": "Point", "coordinates": [lon, lat]})}


WRITE_PROBLEMS = {
    "responses": {
        "400": problems.schema("JSON illisible."),
        "401": problems.schema("Jeton absent ou révoqué."),
        "403": problems.schema("Le jeton n'a pas ce droit."),
        "409": problems.schema("Des contenus semblables existent : vérifiez, puis renvoyez avec la confirmation."),
        "422": problems.schema("Des champs sont à corriger : leurs messages sont dans « errors »."),
        "429": problems.schema("Trop de requêtes."),
    }
}


class Written(Schema):
    """What a write answers: the content's status, and its address once published."""

    id: int
    slug: str | None
    status: str
    published: bool
    url: str | None


def created(obj: Any) -> Answer[dict[str, Any]]:
    """The 201 of a write."""
    published = obj.status == Status.PUBLISHED
    return Answer(
        201,
        {
            "id": obj.pk,
            "slug": getattr(obj, "slug", None),
            "status": obj.status,
            "published": published,
            "url": settings.SITE_URL + obj.get_absolute_url() if published else None,
        },
    )


def similar(title: str, detail: str, found: list[Any], *, name: str = "name") -> ApiError:
    """The 409 of a write whose form found look-alikes: their names, and their address when published."""
    return ApiError(
        problems.problem(
            409,
            title,
            detail,
            slug="doublon",
            duplicates=[
                {
                    name: getattr(item, name),
                    "url": settings.SITE_URL + item.get_absolute_url() if item.status == Status.PUBLISHED else None,
                }
                for item in found
            ],
        )
    )
