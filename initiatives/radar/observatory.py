"""The radar's figures for the observatory: anonymous average radars by theme and by département."""

from cresol.observatory.registry import Figure, Table

from .models import Grid
from .scores import MIN_INITIATIVES, grouped_radars


def _averages(by: str) -> Table:
    grid = Grid.objects.current()
    if grid is None:
        return Table(["groupe", "initiatives"])
    axes = [axis.name for axis in grid.axes.all()]
    rows = [[radar.group, radar.initiatives, *radar.scores] for radar in grouped_radars(grid, by)]
    group = ("thematique", "Thématique") if by == "theme" else ("departement", "Département")
    return Table([group[0], "initiatives", *axes], rows, [group[1], "Initiatives", *axes])


_DEFINITION = (
    "Moyenne, axe par axe (score sur 100), du dernier radar de l'innovation sociale de chaque initiative publiée, "
    f"sur la grille en service ; seulement là où au moins {MIN_INITIATIVES} initiatives ont répondu, pour que "
    "personne ne soit reconnaissable. Une initiative compte dans chacune de ses thématiques."
)
FIGURES = [
    Figure(
        key="radar-moyen-par-thematique",
        title="Radar moyen par thématique",
        definition=_DEFINITION,
        compute=lambda: _averages("theme"),
        group="Radar de l'innovation sociale",
        order=60,
    ),
    Figure(
        key="radar-moyen-par-departement",
        title="Radar moyen par département",
        definition=_DEFINITION,
        compute=lambda: _averages("departement"),
        group="Radar de l'innovation sociale",
        order=61,
    ),
]
