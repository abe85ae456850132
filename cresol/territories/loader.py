"""Load the territories of Centre-Val de Loire from the data files under data/.

Idempotent: rows are matched on their INSEE or SIREN code and updated in place, so running it again
after a data update changes names, outlines and memberships without duplicating anything.
"""

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from .geometry import multipolygon_from_geojson
from .models import EPCI, Commune, Departement, Region
from .outlines import forget_outlines
from .search import normalize

DATA_DIR = Path(__file__).resolve().parent / "data"


def readable_name(name: str) -> str:
    """The official file quotes some names with doubled apostrophes (CA de Blois ''Agglopolys''):
    French quotation marks instead."""
    return re.sub(r"''\s*(.+?)\s*''", "« \\1 »", name)


# An EPCI's outline is the union of its communes' (in one statement: about half a second).
EPCI_OUTLINES = """
    UPDATE territories_epci e SET geom = u.geom
    FROM (SELECT epci_id, ST_Multi(ST_Union(geom)) AS geom FROM territories_commune
          WHERE epci_id IS NOT NULL GROUP BY epci_id) u
    WHERE u.epci_id = e.id
"""


def _read_json(name: str):
    path = DATA_DIR / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _outlines(name: str) -> dict:
    return {
        feature["properties"]["code"]: multipolygon_from_geojson(feature["geometry"])
        for feature in _read_json(name)["features"]
    }


@dataclass
class LoadReport:
    regions: int
    departements: int
    epcis: int
    communes: int


@transaction.atomic
def load_territories() -> LoadReport:
    [region_row] = _read_json("region-24.json")
    region, _ = Region.objects.update_or_create(code=region_row["code"], defaults={"name": region_row["nom"]})

    departement_outlines = _outlines("departements-24-contours-2018.geojson.gz")
    departements = Departement.objects.bulk_create(
        [
            Departement(code=row["code"], name=row["nom"], region=region, geom=departement_outlines.get(row["code"]))
            for row in _read_json("departements-24.json")
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region", "geom"],
    )
    departement_ids = dict(Departement.objects.values_list("code", "id"))

    epci_rows = _read_json("epci-24.json")
    EPCI.objects.bulk_create(
        [EPCI(siren=row["code"], name=readable_name(row["nom"]), kind=row["type"]) for row in epci_rows],
        update_conflicts=True,
        unique_fields=["siren"],
        update_fields=["name", "kind"],
    )
    epci_ids = dict(EPCI.objects.values_list("siren", "id"))

    commune_outlines = _outlines("communes-24-contours-2018.geojson.gz")
    communes = []
    for row in _read_json("communes-24.json.gz"):
        if row["type"] != "commune-actuelle":
            continue
        outline = commune_outlines[row["code"]]
        communes.append(
            Commune(
                code=row["code"],
                name=row["nom"],
                search_name=normalize(row["nom"]),
                departement_id=departement_ids[row["departement"]],
                epci_id=epci_ids.get(row.get("epci")),
                postal_codes=row.get("codesPostaux", []),
                population=row.get("population") or 0,
                geom=outline,
                point=outline.point_on_surface,
            )
        )
    Commune.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "search_name",
            "departement",
            "epci",
            "postal_codes",
            "population",
            "geom",
            "point",
        ],
    )
    with connection.cursor() as cursor:
        cursor.execute(EPCI_OUTLINES)
    transaction.on_commit(forget_outlines)
    return LoadReport(regions=1, departements=len(departements), epcis=len(epci_rows), communes=len(communes))
