"""The open needs and offers as CSV and JSON (open data: the texts under CC BY-SA, as the blog's).
The author's name and address are never exported; the initiative it is for, when there is one, is."""

import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from cresol.core.spreadsheet import line_writer

COLUMNS = [
    "id",
    "sens",
    "type",
    "titre",
    "description",
    "thematiques",
    "commune",
    "code_insee",
    "territoire",
    "jusqu_au",
    "initiative",
    "url",
    "publie_le",
]
CHUNK = 500


def rows(queryset: Any) -> Iterator[dict[str, Any]]:
    listing = queryset.with_places().order_by("pk")
    for cooperation in listing.iterator(chunk_size=CHUNK):
        yield {
            "id": cooperation.pk,
            "sens": cooperation.direction,
            "type": cooperation.kind,
            "titre": cooperation.title,
            "description": cooperation.description,
            "thematiques": [theme.slug for theme in cooperation.themes.all()],
            "commune": cooperation.commune.name,
            "code_insee": cooperation.commune.code,
            "territoire": cooperation.reach_label(),
            "jusqu_au": cooperation.ends_on.isoformat(),
            "initiative": settings.SITE_URL + cooperation.initiative.get_absolute_url()
            if cooperation.initiative_id
            else "",
            "url": settings.SITE_URL + cooperation.get_absolute_url(),
            "publie_le": cooperation.published_at.isoformat() if cooperation.published_at else "",
        }


def as_csv(queryset: Any) -> Iterator[str]:
    writer = line_writer(delimiter=";")
    yield "\ufeff" + writer.writerow(COLUMNS)  # the BOM: French spreadsheets then read UTF-8
    for row in rows(queryset):
        yield writer.writerow([" | ".join(row[c]) if isinstance(row[c], list) else row[c] for c in COLUMNS])


def as_json(queryset: Any) -> Iterator[str]:
    yield '{"licence": "CC-BY-SA-4.0", "attribution": "Cré-sol et ses membres", "cooperations": ['
    for index, row in enumerate(rows(queryset)):
        yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"
