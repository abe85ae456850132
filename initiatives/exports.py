"""Open data exports of the published initiatives (ODbL 1.0): CSV for spreadsheets, JSON for programs."""

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, FloatField, Func, OuterRef, QuerySet
from django.urls import reverse
from taggit.models import TaggedItem

from cresol.core import spreadsheet
from cresol.themes.models import Theme

from . import hours
from .models import Initiative, Kind

LICENCE_NOTICE = (
    "Données Archipel O Centre — Cré-sol et ses contributeurs — licence ODbL 1.0 "
    "(https://opendatacommons.org/licenses/odbl/1-0/)"
)
COLUMNS = [
    ("id", "id"),
    ("slug", "slug"),
    ("nom", "name"),
    ("description_courte", "summary"),
    ("description_markdown", "description"),
    ("type", "kind"),
    ("thematiques", "themes"),
    ("mots_cles", "tags"),
    ("siret", "siret"),
    ("adresse", "address"),
    ("commune", "commune"),
    ("code_insee", "commune_code"),
    ("departement", "departement"),
    ("epci", "epci"),
    ("latitude", "lat"),
    ("longitude", "lon"),
    ("site_web", "website"),
    ("email", "email"),
    ("telephone", "phone"),
    ("reseaux_sociaux", "social_links"),
    ("horaires", "opening_hours"),
    ("horaires_precisions", "opening_hours_note"),
    ("annee_creation", "founded_year"),
    ("membre_reseau_cresol", "network_member"),
    ("url", "url"),
    ("mise_a_jour", "updated_at"),
    ("derniere_confirmation", "last_confirmed_at"),
]


# Only the columns the files hold, read straight from a server-side cursor in chunks: a 100,000-row
# export keeps a worker's memory flat (no model instances, no outlines of communes, no prefetch).
CHUNK = 2000


def export_rows(queryset: QuerySet) -> Any:
    """One dict per published initiative, in a stable order, with every public field."""
    content_type = ContentType.objects.get_for_model(Initiative)
    rows = (
        queryset.order_by("id")
        .annotate(
            theme_slugs=ArraySubquery(Theme.objects.filter(initiatives=OuterRef("pk")).values("slug")),
            tag_names=ArraySubquery(
                TaggedItem.objects.filter(content_type=content_type, object_id=OuterRef("pk"))
                .order_by("tag__name")
                .values("tag__name")
            ),
            commune_name=F("commune__name"),
            commune_code=F("commune__code"),
            postal_code=F("commune__postal_codes__0"),
            departement_code=F("commune__departement__code"),
            epci_siren=F("commune__epci__siren"),
            lon=Func("point", function="ST_X", output_field=FloatField()),
            lat=Func("point", function="ST_Y", output_field=FloatField()),
        )
        .values(
            "id",
            "slug",
            "name",
            "summary",
            "description",
            "kind",
            "siret",
            "address",
            "website",
            "email",
            "phone",
            "social_links",
            "opening_hours",
            "opening_hours_note",
            "founded_year",
            "network_member",
            "updated_at",
            "last_confirmed_at",
            "theme_slugs",
            "tag_names",
            "commune_name",
            "commune_code",
            "postal_code",
            "departement_code",
            "epci_siren",
            "lon",
            "lat",
        )
    )
    address = settings.SITE_URL + reverse("initiatives:detail", args=["SLUG"])
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "id": row["id"],
            "slug": row["slug"],
            "name": row["name"],
            "summary": row["summary"],
            "description": row["description"],
            "kind": row["kind"],
            "themes": row["theme_slugs"],
            "tags": row["tag_names"],
            "siret": row["siret"],
            "address": row["address"],
            "commune": row["commune_name"],
            "commune_code": row["commune_code"],
            "postal_code": row["postal_code"] or "",
            "departement": row["departement_code"],
            "epci": row["epci_siren"] or "",
            "lat": round(row["lat"], 6),
            "lon": round(row["lon"], 6),
            "website": row["website"],
            "email": row["email"],
            "phone": row["phone"],
            "social_links": row["social_links"],
            "opening_hours": row["opening_hours"],
            "opening_hours_note": row["opening_hours_note"],
            "founded_year": row["founded_year"],
            "network_member": row["network_member"],
            "url": address.replace("SLUG", row["slug"]),
            "updated_at": row["updated_at"].isoformat(),
            "last_confirmed_at": row["last_confirmed_at"].isoformat() if row["last_confirmed_at"] else None,
        }


ROWS_PER_CHUNK = 500


def as_csv(queryset: QuerySet, *, separator: str = ";") -> Iterator[str]:
    """The CSV file, 500 lines at a time. UTF-8 with a BOM and ';' by default, so that French
    spreadsheets open it as it is.

    Every text cell is made safe by the portal's CSV writer (cresol.core.spreadsheet): the file is meant
    to be opened in a spreadsheet, and its cells hold what members typed. The JSON export keeps the
    text exactly as typed.
    """
    writer = spreadsheet.line_writer(delimiter=separator, lineterminator="\r\n")
    # The licence travels with every row, so that any extract of the file still states it. The header
    # goes out with the first rows: a proxy decides on the first chunk whether to compress the rest.
    lines = ["\ufeff" + writer.writerow([*(header for header, _ in COLUMNS), "licence"])]
    french = separator == ";"
    keys = [key for _, key in COLUMNS]
    for row in export_rows(queryset):
        lines.append(writer.writerow([cell(row[key], french=french) for key in keys] + [LICENCE_NOTICE]))
        if len(lines) >= ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def cell(value: Any, *, french: bool) -> Any:
    """One CSV cell. With ';' (French spreadsheets), decimals take a comma and booleans read oui/non, so
    that the spreadsheet reads numbers as numbers; with ',' the file keeps the international notation."""
    if type(value) is str:  # most cells: the writer makes them safe
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("oui" if value else "non") if french else ("true" if value else "false")
    if isinstance(value, float):
        return str(value).replace(".", ",") if french else str(value)
    if isinstance(value, list):
        value = " | ".join(value)
    return value


def as_json(queryset: QuerySet) -> Iterator[str]:
    """The JSON document, piece by piece: the licence first, then one initiative at a time."""
    header = json.dumps(
        {
            "licence": "ODbL-1.0",
            "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
            "attribution": "Cré-sol et ses contributeurs — Archipel O Centre",
        },
        ensure_ascii=False,
    )
    start = header[:-1] + ', "initiatives": ['  # sent with the first rows, as the CSV's header
    encode = json.JSONEncoder(ensure_ascii=False).encode
    rows = []
    for row in export_rows(queryset):
        rows.append(encode(row))
        if len(rows) == ROWS_PER_CHUNK:
            yield start + ", ".join(rows) + ", "
            start, rows = "", []
    yield start + ", ".join(rows) + "]}"


def as_gogocarto(queryset: QuerySet) -> Iterator[str]:
    """The published initiatives as GoGoCarto reads a source (its "import dynamique", which Transiscope-like
    maps use): a `data` list of elements with `name`, `geo.latitude`/`geo.longitude`, `categories` (the
    theme names, to map onto the aggregator's taxonomy), a schema.org-like `address`, and the contacts.
    Element ids are prefixed, so that they stay unique among an aggregator's sources."""
    theme_names = dict(Theme.objects.values_list("slug", "name"))
    kinds = dict(Kind.choices)
    start = (
        json.dumps(
            {
                "licence": "ODbL-1.0",
                "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
                "attribution": "Cré-sol et ses contributeurs — Archipel O Centre",
                "source": "Archipel O Centre",
            },
            ensure_ascii=False,
        )[:-1]
        + ', "data": ['
    )
    encode = json.JSONEncoder(ensure_ascii=False).encode
    rows = []
    for row in export_rows(queryset):
        locality = f"{row['postal_code']} {row['commune']}".strip()
        rows.append(
            encode(
                {
                    "id": f"archipel-o-centre-{row['id']}",
                    "name": row["name"],
                    "geo": {"latitude": row["lat"], "longitude": row["lon"]},
                    "address": {
                        "streetAddress": row["address"],
                        "postalCode": row["postal_code"],
                        "addressLocality": row["commune"],
                        "addressCountry": "FR",
                        "customFormatedAddress": ", ".join(part for part in (row["address"], locality) if part),
                    },
                    "categories": [theme_names.get(slug, slug) for slug in row["themes"]],
                    "description": row["summary"],
                    "descriptionMore": row["description"],
                    "type": str(kinds.get(row["kind"], row["kind"])),
                    "website": row["website"],
                    "email": row["email"],
                    "telephone": row["phone"],
                    "openHours": _gogocarto_hours(row["opening_hours"]),
                    "openHoursString": row["opening_hours_note"],
                    "osmOpeningHours": row["opening_hours"],
                    "tags": row["tags"],
                    "url": row["url"],
                    # GoGoCarto's core field for where an element comes from (its sourceKey).
                    "source": "Archipel O Centre",
                    "updatedAt": row["updated_at"],
                }
            )
        )
        if len(rows) == ROWS_PER_CHUNK:
            yield start + ", ".join(rows) + ", "
            start, rows = "", []
    yield start + ", ".join(rows) + "]}"


def _gogocarto_hours(expression: str) -> dict:
    """GoGoCarto's per-day `openHours`, from the usual week of the expression (evaluated once per text)."""
    return _gogocarto_hours_of(expression) if expression else {}


@lru_cache(maxsize=1024)
def _gogocarto_hours_of(expression: str) -> dict:
    try:
        return hours.gogocarto(expression)
    except hours.HoursError:
        return {}
