"""Open data exports of the published initiatives (ODbL 1.0): CSV for spreadsheets, JSON for programs."""

import csv
import json
from io import StringIO

from django.conf import settings

LICENCE_NOTICE = (
    "Données Archipel O Centre — Cré-sol et ses contributeurs — licence ODbL 1.0 "
    "(https://opendatacommons.org/licenses/odbl/1-0/)"
)
COLUMNS = [
    ("id", "id"), ("slug", "slug"), ("nom", "name"), ("description_courte", "summary"),
    ("description_markdown", "description"), ("type", "kind"),
    ("thematiques", "themes"), ("mots_cles", "tags"), ("siret", "siret"), ("adresse", "address"),
    ("commune", "commune"), ("code_insee", "commune_code"), ("departement", "departement"),
    ("epci", "epci"), ("latitude", "lat"), ("longitude", "lon"), ("site_web", "website"), ("email", "email"),
    ("telephone", "phone"), ("reseaux_sociaux", "social_links"), ("horaires", "opening_hours"),
    ("annee_creation", "founded_year"), ("membre_reseau_cresol", "network_member"), ("url", "url"),
    ("mise_a_jour", "updated_at"), ("derniere_confirmation", "last_confirmed_at"),
]  # fmt: skip


def export_rows(queryset):
    """One dict per published initiative, in a stable order, with every public field."""
    initiatives = (
        queryset.select_related("commune__departement", "commune__epci")
        .prefetch_related("themes", "tags")
        .order_by("id")
    )
    for initiative in initiatives:
        yield {
            "id": initiative.id,
            "slug": initiative.slug,
            "name": initiative.name,
            "summary": initiative.summary,
            "description": initiative.description,
            "kind": initiative.kind,
            "themes": [theme.slug for theme in initiative.themes.all()],
            "tags": sorted(tag.name for tag in initiative.tags.all()),
            "siret": initiative.siret,
            "address": initiative.address,
            "commune": initiative.commune.name,
            "commune_code": initiative.commune.code,
            "departement": initiative.commune.departement.code,
            "epci": initiative.commune.epci.siren if initiative.commune.epci else "",
            "lat": round(initiative.point.y, 6),
            "lon": round(initiative.point.x, 6),
            "website": initiative.website,
            "email": initiative.email,
            "phone": initiative.phone,
            "social_links": initiative.social_links,
            "opening_hours": initiative.opening_hours,
            "founded_year": initiative.founded_year,
            "network_member": initiative.network_member,
            "url": f"{settings.SITE_URL}{initiative.get_absolute_url()}",
            "updated_at": initiative.updated_at.isoformat(),
            "last_confirmed_at": initiative.last_confirmed_at.isoformat() if initiative.last_confirmed_at else None,
        }


# A cell starting with one of these is a formula to a spreadsheet: =HYPERLINK(…), +cmd|…, @SUM(…).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text that a spreadsheet shows as text: a leading apostrophe before what would start a formula
    (OWASP's advice for CSV injection). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def as_csv(queryset, *, separator: str = ";") -> str:
    """UTF-8 with a BOM and ';' by default, so that French spreadsheets open it as it is.

    Every text cell goes through spreadsheet_safe: the file is meant to be opened in a spreadsheet,
    and its cells hold what members typed. The JSON export keeps the text exactly as typed.
    """
    output = StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, delimiter=separator, lineterminator="\r\n")
    # The licence travels with every row, so that any extract of the file still states it.
    writer.writerow([*(header for header, _ in COLUMNS), "licence"])
    french = separator == ";"
    for row in export_rows(queryset):
        writer.writerow([cell(row[key], french=french) for _, key in COLUMNS] + [LICENCE_NOTICE])
    return output.getvalue()


def cell(value, *, french: bool):
    """One CSV cell. With ';' (French spreadsheets), decimals take a comma and booleans read oui/non, so
    that the spreadsheet reads numbers as numbers; with ',' the file keeps the international notation."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("oui" if value else "non") if french else ("true" if value else "false")
    if isinstance(value, float):
        return str(value).replace(".", ",") if french else str(value)
    if isinstance(value, list):
        value = " | ".join(value)
    return spreadsheet_safe(value)


def as_json(queryset) -> str:
    return json.dumps(
        {
            "licence": "ODbL-1.0",
            "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
            "attribution": "Cré-sol et ses contributeurs — Archipel O Centre",
            "initiatives": list(export_rows(queryset)),
        },
        ensure_ascii=False,
    )
