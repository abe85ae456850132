"""Two Pays for `make run`, by their member intercommunalités as the portal's own EPCI data names them.
Marked as demo: staff check a composition before relying on it (no reference list reaches the portal)."""

from typing import TextIO

from .models import EPCI, Pays, PaysKind
from .services import pays_save

DEMO_PAYS = [
    (
        "Pays Loire Touraine",
        PaysKind.PETR,
        ["200043065", "200073161", "243700499", "243700820"],  # Val d'Amboise, Touraine-Est Vallées, …
    ),
    (
        "Pays de Bourges",
        PaysKind.PAYS,
        ["241800507", "200066330", "241800374", "241800457"],  # Bourges Plus, Terres du Haut Berry, …
    ),
]


def load_demo(stdout: TextIO) -> None:
    for name, kind, sirens in DEMO_PAYS:
        epcis = list(EPCI.objects.filter(siren__in=sirens))
        if not epcis:
            continue
        _save_demo(Pays(name=name, kind=kind, is_demo=True, council_name=f"Conseil de développement du {name}"), epcis)
        stdout.write(f"  Pays (démonstration) : {name}, {len(epcis)} intercommunalités")


def _save_demo(pays: Pays, epcis: list[EPCI]) -> None:
    def set_members() -> None:
        pays.epcis.set(epcis)

    pays_save(pays=pays, save_relations=set_members)
