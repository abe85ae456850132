"""GoGoCarto's reading of a JSON source, in Python, as its PHP code does it — to check our export
against it, independently of the portal's own reader.

From pixelhumain/GoGoCarto, src/Biopen/GeoDirectoryBundle/Services/ElementImportService.php (commit
b3b63b09): importJson unwraps a `data` attribute, spreads `geo` into latitude/longitude and an
`address` object into streetAddress, addressLocality, postalCode and addressCountry; fixsOntology
renames lat/long/lon/lng, title/nom and categories; addMissingFieldsToData fills the core fields;
createElementFromArray reads them (oldId, name, the postal address, email, the source's key, the
coordinates — 0 when missing, which it flags as a geolocation error); createCategories matches each
taxonomy entry, as a list or a comma-separated text, by its slugified name against the map's options;
saveCustomFields keeps every other field as the element's data.
"""

import json
import re
import unicodedata

CORE_FIELDS = [
    "id",
    "name",
    "taxonomy",
    "streetAddress",
    "addressLocality",
    "postalCode",
    "addressCountry",
    "email",
    "latitude",
    "longitude",
    "images",
    "owner",
    "source",
]
KEYS_TABLE = {
    "lat": "latitude",
    "long": "longitude",
    "lon": "longitude",
    "lng": "longitude",
    "title": "name",
    "nom": "name",
    "categories": "taxonomy",
}


def slugify(text: str) -> str:
    """GoGoCarto's slugify: accents off, non-letters to dashes, a final "s" dropped, lower case."""
    for accented, plain in (
        ("é", "e"),
        ("è", "e"),
        ("ê", "e"),
        ("ô", "o"),
        ("ç", "c"),
        ("à", "a"),
        ("â", "a"),
        ("î", "i"),
    ):
        text = text.replace(accented, plain)
    text = re.sub(r"[^\w\d]+", "-", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^-\w]+", "", text).strip("-").rstrip("s")
    return re.sub(r"-+", "-", text).lower()


def _spread(row: dict) -> dict:
    """importJson's loop: geo and the address object spread into core fields."""
    row = dict(row)
    if "geo" in row:
        row["latitude"], row["longitude"] = row["geo"]["latitude"], row["geo"]["longitude"]
        del row["geo"]
    if "address" in row:
        address = row.pop("address")
        if isinstance(address, str):
            row["streetAddress"] = address
        else:
            for key in ("streetAddress", "addressLocality", "postalCode", "addressCountry"):
                if key in address:
                    row[key] = address[key]
    return row


def _fix_ontology(row: dict) -> dict:
    """fixsOntology, then addMissingFieldsToData."""
    for search, replace in KEYS_TABLE.items():
        if search in row and replace not in row:
            row[replace] = row.pop(search)
    for field in CORE_FIELDS:
        row.setdefault(field, "")
    return row


def _element(row: dict, mapping: dict) -> dict:
    """createElementFromArray, with createCategories and saveCustomFields."""
    taxonomy = row["taxonomy"] if isinstance(row["taxonomy"], list) else row["taxonomy"].split(",")
    latitude, longitude = row["latitude"], row["longitude"]
    geolocated = not (str(latitude) in ("", "null", "None") or str(longitude) == "")
    return {
        "oldId": row["id"],
        "name": row["name"],
        "address": (row["streetAddress"], row["addressLocality"], row["postalCode"], row["addressCountry"]),
        "email": row["email"],
        "sourceKey": row["source"] or "Inconnu",
        "geo": (float(latitude), float(longitude)) if geolocated else (0.0, 0.0),
        "geolocError": not geolocated or float(latitude) == 0 or float(longitude) == 0,
        "optionIds": [mapping[slugify(name)] for name in taxonomy if name and slugify(name) in mapping],
        "data": {key: value for key, value in row.items() if key not in CORE_FIELDS},
    }


def import_json(document: str, options: list[str]) -> list[dict]:
    """The elements GoGoCarto would create, with the ids of `options` (its taxonomy's names) they get."""
    data = json.loads(document)
    if "data" in data:
        data = data["data"]
    mapping = {slugify(name): index for index, name in enumerate(options)}
    return [_element(_fix_ontology(_spread(row)), mapping) for row in data]
