"""Read the territories of Centre-Val de Loire from the data files under data/ (services.territories_load
writes them)."""

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .geometry import multipolygon_from_geojson

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


def read_json(name: str) -> Any:
    path = DATA_DIR / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def outlines(name: str) -> dict:
    return {
        feature["properties"]["code"]: multipolygon_from_geojson(feature["geometry"])
        for feature in read_json(name)["features"]
    }


@dataclass
class LoadReport:
    regions: int
    departements: int
    epcis: int
    communes: int
