"""The observatory's tables, computed together and kept until any content changes."""

import io
from typing import Any

from cresol.core import spreadsheet
from cresol.core.versions import cached_until_content_changes

from .registry import Table, registered_figures

LICENCE = "Données Cré-sol et ses contributeurs — licence ODbL 1.0 (https://opendatacommons.org/licenses/odbl/1-0/)"


def _compute_all() -> dict[str, Table]:
    return {figure.key: figure.compute() for figure in registered_figures()}


def observatory_tables() -> dict[str, Table]:
    """Every figure's table: one query each on a miss, one cache read after."""
    return cached_until_content_changes("observatory", _compute_all)


def as_csv(figure: Any, table: Table) -> str:
    """The table, then its definition and licence as the last lines (a spreadsheet shows them below)."""
    output = io.StringIO()
    writer = spreadsheet.SafeWriter(output, delimiter=";")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    # Below the figures, lines a program skips (pandas' comment="#"), a spreadsheet shows.
    output.write(f"\n# {figure.title} : {figure.definition}\n# {LICENCE}\n")
    return "\ufeff" + output.getvalue()
