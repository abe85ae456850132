"""The figures the observatory shows: each section registers its own in `AppConfig.ready()` (cresol
imports none), each figure computed by one SQL query whatever the amount of data."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    columns: list[str]  # the CSV's names: lower case, no accents nor spaces
    rows: list[list] = field(default_factory=list)
    headers: list[str] | None = None  # the page's column names, in French; the columns' if None


@dataclass(frozen=True)
class Figure:
    key: str  # its address and CSV's name: /observatoire/<key>.csv
    title: str
    definition: str  # what is counted, how, and since when: printed beside it and in the CSV
    compute: Callable[[], Table]
    group: str  # the page's heading it stands under
    order: int = 100
    # "territory": the first column is a territory's code (a département's or an EPCI's SIREN), the
    # third the total, the next ones one theme each: drawn as a choropleth. "months": the first column
    # is a month (YYYY-MM), the second a count: drawn as bars. Else a table only.
    kind: str = "table"
    level: str = ""  # for kind="territory": "departement", "epci" or "pays"


_figures: dict[str, Figure] = {}


def register(figure: Figure) -> None:
    _figures[figure.key] = figure


def registered_figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda figure: (figure.order, figure.key))


def figure_named(key: str) -> Figure | None:
    return _figures.get(key)
