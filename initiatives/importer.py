"""Staff import initiatives from a CSV file: a dry run first, line by line, then the import itself.

The columns are the portal's own export (`exports.COLUMNS`: nom, description_courte, thematiques,
commune or code_insee, latitude, longitude, site_web…), so that a file exported here, or a partner's
file laid out the same way, comes back in. Each line is checked by the members' own form
(`forms.InitiativeForm`, the same rules and French messages), and compared with the map and with the
lines above it for duplicates (a similar name within 2 km, the same SIRET or website). The lines kept
are created by the section's batch service and decided by the moderation service, each decision in
the audit log: sent for review as a member's proposal, or published at once when staff say so.
"""

import csv
import io
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cresol.moderation.models import Action
from cresol.moderation.notifications import notify_batch_submitted
from cresol.moderation.services import moderation_decide_new
from cresol.territories.models import Commune
from cresol.themes.models import Theme

from . import gogocarto, services
from .duplicates import NEARBY, normalize_website, possible_duplicates
from .forms import InitiativeForm
from .models import Initiative, Kind

MAX_BYTES = 2 * 1024 * 1024
# The import runs in the request (bench/import_csv.py: 200 lines in about 12 s with its second check):
# 300 lines stay well under gunicorn's 30-second timeout.
MAX_LINES = 300
LIST_SEPARATOR = "|"  # how the export writes a list in one cell: "alimentation | habitat"
# What the position may be away from its commune's centre before it is taken for a typing mistake.
FAR_FROM_COMMUNE_KM = 30

# Column of the file -> field of the members' form. The export's names, then a few common others.
COLUMNS = {
    "nom": "name",
    "name": "name",
    "description_courte": "summary",
    "resume": "summary",
    "summary": "summary",
    "description_markdown": "description",
    "description": "description",
    "type": "kind",
    "type_structure": "kind",
    "thematiques": "themes",
    "themes": "themes",
    "mots_cles": "tags",
    "tags": "tags",
    "siret": "siret",
    "adresse": "address",
    "address": "address",
    "code_insee": "commune_code",
    "commune": "commune_name",
    "latitude": "lat",
    "lat": "lat",
    "longitude": "lon",
    "lon": "lon",
    "lng": "lon",
    "site_web": "website",
    "site": "website",
    "website": "website",
    "email": "email",
    "e_mail": "email",
    "courriel": "email",
    "telephone": "phone",
    "phone": "phone",
    "reseaux_sociaux": "social_links",
    "horaires": "opening_hours",
    "opening_hours": "opening_hours",
    "horaires_precisions": "opening_hours_note",
    "annee_creation": "founded_year",
}
# Export columns that describe the copy here, not the initiative: read, never imported.
IGNORED = {
    "id",
    "slug",
    "departement",
    "epci",
    "url",
    "mise_a_jour",
    "derniere_confirmation",
    "membre_reseau_cresol",
    "licence",
}
REQUIRED = {"name", "summary", "themes", "kind"}


class ImportFileError(ValueError):
    """The file cannot be read as a whole (encoding, size, no header): nothing is imported."""


@dataclass
class Line:
    number: int  # as a spreadsheet numbers it: the header is line 1
    name: str
    outcome: str  # "new", "duplicate", "error"
    messages: list[str] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)  # {"name", "url"}
    imported: bool = False  # what the import creates from it


@dataclass
class Report:
    lines: list[Line]
    unknown_columns: list[str]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def to_import(self) -> int:
        return sum(1 for line in self.lines if line.imported)

    def as_dict(self) -> dict:
        return {"lines": [asdict(line) for line in self.lines], "unknown_columns": self.unknown_columns}

    @classmethod
    def from_dict(cls, data: dict) -> "Report":
        return cls(lines=[Line(**line) for line in data["lines"]], unknown_columns=data["unknown_columns"])


def _header_key(text: str) -> str:
    return slugify(text.replace("\ufeff", "")).replace("-", "_")


def _decoded(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise ImportFileError(_("Le fichier dépasse 2 Mo : découpez-le en plusieurs fichiers."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportFileError(_("Ce fichier n'est pas un fichier texte CSV."))
    return text


def _too_many(rows: list[Any]) -> None:
    if len(rows) > MAX_LINES:
        raise ImportFileError(_("Le fichier dépasse 300 lignes : découpez-le en plusieurs fichiers."))


def read_rows(content: bytes) -> tuple[list[dict], list[str]]:
    """The file's lines as dicts keyed by form field, and the columns it has that are not known.

    UTF-8 (with or without a BOM, as the export writes it) or Windows-1252 (a spreadsheet's "CSV");
    ';' or ',' as the separator, whichever the header uses. A JSON file is another map's GoGoCarto
    data (initiatives/gogocarto.py), read into the same lines.
    """
    text = _decoded(content)
    if text.lstrip()[:1] in ("{", "["):
        elements, not_read = gogocarto.read_elements(text, list_separator=LIST_SEPARATOR)
        _too_many(elements)
        return elements, not_read
    return _read_csv(text)


def _read_csv(text: str) -> tuple[list[dict], list[str]]:
    first_line = text.split("\n", 1)[0]
    separator = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ImportFileError(_("Le fichier est vide.")) from error
    keys = [_header_key(column) for column in header]
    fields = [COLUMNS.get(key) for key in keys]
    _check_columns(fields)
    unknown = [column for column, key in zip(header, keys, strict=True) if key not in COLUMNS and key not in IGNORED]
    rows: list[dict[str, str]] = []
    try:
        for values in reader:
            rows.append({name: value.strip() for name, value in zip(fields, values, strict=False) if name})
            _too_many(rows)
    except csv.Error as error:
        raise ImportFileError(
            _("Ligne %(line)s illisible : %(error)s") % {"line": reader.line_num, "error": error}
        ) from error
    return rows, unknown


def _check_columns(fields: list[str | None]) -> None:
    missing = REQUIRED - set(fields)
    if "commune_code" not in fields and "commune_name" not in fields:
        missing.add("commune")
    if missing:
        raise ImportFileError(
            _(
                "Colonnes obligatoires absentes : %(columns)s. La première ligne doit nommer les colonnes de l'export "
                "(nom, description_courte, type, thematiques, commune ou code_insee…)."
            )
            % {"columns": ", ".join(sorted(_column_name(name) for name in missing))}
        )


def _column_name(field_name: str) -> str:
    names = {
        "name": "nom",
        "summary": "description_courte",
        "themes": "thematiques",
        "kind": "type",
        "commune": "commune ou code_insee",
    }
    return names.get(field_name, field_name)


class ImportedInitiativeForm(InitiativeForm):
    """The members' form, for a line of a file: the commune by INSEE code or by name, no image, no
    duplicate box (duplicates are the report's business)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["image"], self.fields["not_a_duplicate"]
        self.fields["commune_name"].required = False

    def clean_commune_name(self) -> Any:
        typed, code = self.data.get("commune_name", ""), self.data.get("commune_code", "")
        commune = Commune.objects.filter(code=code).first() if code else None
        if commune is None and typed:
            commune = self.fields["commune_name"].clean(typed)
        if commune is None:
            raise forms.ValidationError(
                _("Aucune commune de Centre-Val de Loire ne correspond à « %(typed)s ».")
                % {"typed": code or typed or "—"}
            )
        return commune


def _choices(cell: str, known: dict) -> tuple[list, list[str]]:
    """A list cell ("alimentation-agriculture | Habitat") read as slugs or names; what is unknown."""
    found, unknown = [], []
    for part in filter(None, (part.strip() for part in cell.split(LIST_SEPARATOR))):
        match = known.get(slugify(part))
        if match is None:
            unknown.append(part)
        else:
            found.append(match)
    return found, unknown


def _number(cell: str) -> float | None:
    try:
        return float(cell.replace(",", ".")) if cell else None
    except ValueError:
        return None


def _distance_km(a: Any, b: Any) -> float:
    """Great-circle distance between two WGS84 points (haversine), enough to catch a swapped lat/lon."""
    lat1, lat2 = math.radians(a.y), math.radians(b.y)
    dlat, dlon = lat2 - lat1, math.radians(b.x - a.x)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


class _Context:
    """What every line is read against, fetched once: themes, kinds."""

    def __init__(self) -> None:
        self.themes = {}
        for theme in Theme.objects.all():
            self.themes[theme.slug] = theme
            self.themes[slugify(theme.name)] = theme
        self.kinds = {}
        for value, label in Kind.choices:
            self.kinds[slugify(value)] = value
            self.kinds[slugify(str(label))] = value


def _form_data(row: dict, context: _Context) -> tuple[dict, list[str]]:
    """The members' form's data for one line, and what the line says that the form cannot check."""
    problems = []
    themes, unknown = _choices(row.get("themes", ""), context.themes)
    if unknown:
        problems.append(_("Thématiques inconnues : %(names)s.") % {"names": ", ".join(unknown)})
    kind = context.kinds.get(slugify(row.get("kind", "")), row.get("kind", ""))
    data = {
        key: row.get(key, "")
        for key in (
            "name",
            "summary",
            "description",
            "siret",
            "address",
            "website",
            "email",
            "phone",
            "founded_year",
            "opening_hours_note",
            "commune_name",
            "commune_code",
        )
    }
    data.update(
        {
            "kind": kind,
            "themes": [theme.pk for theme in themes],
            "tags": ", ".join(part.strip() for part in row.get("tags", "").split(LIST_SEPARATOR) if part.strip()),
            "social_links": "\n".join(part.strip() for part in row.get("social_links", "").split(LIST_SEPARATOR)),
            "opening_hours": row.get("opening_hours", ""),  # the expression as it is (the grid's expert field)
        }
    )
    lat, lon = _number(row.get("lat", "")), _number(row.get("lon", ""))
    if row.get("lat") or row.get("lon"):
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(_("Latitude et longitude : deux nombres en degrés, par exemple 47,39 et 0,69."))
        else:
            data["point"] = f'{{"type": "Point", "coordinates": [{lon}, {lat}]}}'
    return data, problems


def _messages(form: Any) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.append(f"{label} : {error}" if label else str(error))
    return messages


@dataclass
class _Kept:
    name: str
    point: object
    website: str
    siret: str
    line: int


def _same_in_file(data: dict, point: Any, kept: list[_Kept]) -> _Kept | None:
    """An earlier line of the same file that describes the same initiative."""
    website, name = normalize_website(data.get("website") or ""), slugify(data["name"])
    for other in kept:
        if (data.get("siret") and data["siret"] == other.siret) or (website and website == other.website):
            return other
        if name == other.name and _distance_km(point, other.point) <= NEARBY.km:
            return other
    return None


def check(content: bytes, *, include_duplicates: bool = False) -> tuple[Report, list[dict]]:
    """The dry run: every line read and checked, nothing written. Returns the report and, for the
    lines to import, the members' form's cleaned data."""
    rows, unknown = read_rows(content)
    context, kept, lines, to_create = _Context(), list[Any](), list[Any](), list[Any]()
    for number, row in enumerate(rows, start=2):
        if not any(row.values()):
            continue  # a blank line a spreadsheet leaves at the end
        data, problems = _form_data(row, context)
        form = ImportedInitiativeForm(data)
        valid = form.is_valid()
        line = Line(number=number, name=row.get("name", "") or "—", outcome="new")
        if valid:
            cleaned = form.cleaned_data
            point = cleaned.get("point") or cleaned["commune"].point
            commune = cleaned["commune"]
            if cleaned.get("point") and _distance_km(point, commune.point) > FAR_FROM_COMMUNE_KM:
                problems.append(
                    _("La position est à plus de %(km)s km de %(commune)s : latitude et longitude inversées ?")
                    % {"km": FAR_FROM_COMMUNE_KM, "commune": commune.name}
                )
        line.messages = _messages(form) + problems
        if line.messages:
            line.outcome = "error"
            lines.append(line)
            continue
        on_map = possible_duplicates(
            name=cleaned["name"], point=point, website=cleaned.get("website", ""), siret=cleaned.get("siret", "")
        )
        line.duplicates = [{"name": str(other), "url": other.get_absolute_url()} for other in on_map]
        earlier = _same_in_file(cleaned, point, kept)
        if earlier is not None:
            line.messages.append(_("Même initiative que la ligne %(line)s.") % {"line": earlier.line})
        if line.duplicates or earlier is not None:
            line.outcome = "duplicate"
        if line.outcome == "new" or (include_duplicates and earlier is None):
            line.imported = True
            to_create.append({**cleaned, "_line": number, "_duplicate": line.outcome == "duplicate"})
        kept.append(
            _Kept(
                name=slugify(cleaned["name"]),
                point=point,
                siret=cleaned.get("siret", ""),
                website=normalize_website(cleaned.get("website") or ""),
                line=number,
            )
        )
        lines.append(line)
    return Report(lines=lines, unknown_columns=unknown), to_create


@transaction.atomic
def initiatives_import(*, to_create: list[dict], by: Any, publish: bool, origin: str) -> list[Initiative]:
    """Create the checked lines through the section's batch service and decide them through the
    moderation service: sent for review (the moderators are told once) or published at once."""
    slugs_taken: set[str] = set()
    initiatives, themes, tags = [], {}, {}
    for data in to_create:
        initiative = Initiative(submitted_by=by, duplicate_acknowledged=data["_duplicate"])
        services.initiative_fill(initiative, data)
        slug, number = services.unique_slug(initiative.name), 1
        while slug in slugs_taken:  # taken by a line above, not in the database yet
            number += 1
            slug = services.unique_slug(f"{initiative.name} {number}")
        slugs_taken.add(slug)
        initiative.slug = slug
        initiative.full_clean()
        # The main theme (the marker's colour) is the first in the taxonomy's order, as for a member's.
        themes[id(initiative)] = sorted(data["themes"], key=lambda theme: (theme.order, theme.name))
        initiative.main_theme = themes[id(initiative)][0]
        tags[id(initiative)] = data.get("tags") or []
        initiatives.append(initiative)
    created = services.initiatives_create(
        initiatives=initiatives, themes_of=lambda i: themes[id(i)], tags_of=lambda i: tags[id(i)]
    )
    moderation_decide_new(objs=created, action=Action.PUBLISH if publish else Action.SUBMIT, by=by)
    if not publish:
        notify_batch_submitted(objects=created, origin=origin)
    return created
