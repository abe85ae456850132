"""Another map's GoGoCarto data, read into the staff import's lines (initiatives/importer.py).

GoGoCarto's own import (ElementImportService::importJson, in its public repository) reads a dataset
this way, and so does this module: the elements may sit in a top-level `data` list; `geo.latitude`
and `geo.longitude` are the position; `address` is an object (streetAddress, addressLocality,
postalCode, addressCountry) or a plain street; `title`/`nom` mean `name`, `lat`/`long`/`lng`/`lon`
the coordinates, `categories` the `taxonomy` (names or ids, a list or a comma-separated text). Our
export (exports.as_gogocarto) writes that shape; its extra fields (description, descriptionMore,
website, telephone, osmOpeningHours…) are GoGoCarto's custom data, read back here too.
"""

import json
from typing import Any

from django.utils.translation import gettext as _

# GoGoCarto's fixsOntology: other names of its core fields.
SYNONYMS = {
    "lat": "latitude",
    "long": "longitude",
    "lon": "longitude",
    "lng": "longitude",
    "title": "name",
    "nom": "name",
    "categories": "taxonomy",
}

# Element field -> the import's field (importer.COLUMNS' values).
FIELDS = {
    "name": "name",
    "description": "summary",
    "descriptionMore": "description",
    "type": "kind",
    "streetAddress": "address",
    "addressLocality": "commune_name",
    "latitude": "lat",
    "longitude": "lon",
    "website": "website",
    "email": "email",
    "telephone": "phone",
    "osmOpeningHours": "opening_hours",
    "openHoursString": "opening_hours_note",
    "siret": "siret",
}
LISTS = {"taxonomy": "themes", "tags": "tags", "social_links": "social_links"}
# Read and left: what describes the copy on the other map, not the initiative.
IGNORED = {
    "id",
    "url",
    "source",
    "sourceKey",
    "updatedAt",
    "addressCountry",
    "customFormatedAddress",
    "postalCode",
    "openHours",
    "images",
    "image",
    "owner",
    "licence",
}


def _elements(text: str) -> list[Any]:
    from .importer import ImportFileError

    try:
        document = json.loads(text)
    except ValueError as error:
        raise ImportFileError(_("Ce fichier JSON est illisible : %(error)s.") % {"error": error}) from error
    if isinstance(document, dict) and "data" in document:
        document = document["data"]
    if not isinstance(document, list) or not all(isinstance(element, dict) for element in document):
        raise ImportFileError(
            _(
                "Ce JSON n'est pas une liste d'éléments GoGoCarto "
                "(une liste « data » d'objets avec name, geo, categories…)."
            )
        )
    return document


def _flatten(element: dict[str, Any]) -> dict[str, Any]:
    """The element as GoGoCarto reads it: geo and address spread, synonyms renamed."""
    row = dict(element)
    geo = row.pop("geo", None)
    if isinstance(geo, dict):
        row.setdefault("latitude", geo.get("latitude"))
        row.setdefault("longitude", geo.get("longitude"))
    address = row.pop("address", None)
    if isinstance(address, str):
        row["streetAddress"] = address
    elif isinstance(address, dict):
        for key in ("streetAddress", "addressLocality", "postalCode", "addressCountry"):
            if key in address:
                row[key] = address[key]
    for synonym, name in SYNONYMS.items():
        if synonym in row and name not in row:
            row[name] = row.pop(synonym)
    return row


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_elements(text: str, *, list_separator: str) -> tuple[list[dict[str, str]], list[str]]:
    """The elements as the import's lines (keyed by field), and the fields it does not import."""
    rows, unknown = [], set()
    for element in _elements(text):
        flat = _flatten(element)
        row: dict[str, str] = {}
        for key, value in flat.items():
            if key in FIELDS:
                row[FIELDS[key]] = _text(value)
            elif key in LISTS:
                parts = value if isinstance(value, list) else str(value or "").split(",")
                row[LISTS[key]] = f" {list_separator} ".join(_text(part) for part in parts if _text(part))
            elif key not in IGNORED:
                unknown.add(key)
        # A locality that names no commune of the region: its postal code may (the commune field takes both).
        if not row.get("commune_name") and flat.get("postalCode"):
            row["commune_name"] = _text(flat["postalCode"])
        rows.append(row)
    return rows, sorted(unknown)
