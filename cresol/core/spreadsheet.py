"""The CSV files the portal writes (exports, the observatory's figures, radars): one writer for all, which
keeps a spreadsheet from reading a cell as a formula.

Cells hold what members and partners typed; a cell starting with =, +, -, @ (or a tab or line break
before them) is a formula to Excel and LibreOffice: =HYPERLINK("http://evil.example", "Cliquez"),
+cmd|' /C calc'!A0. OWASP's advice: a leading apostrophe, which spreadsheets show as text.
"""

import csv
from collections.abc import Iterable
from typing import Any

# Full-width signs too: some spreadsheets read them as their ASCII twins.
FORMULA_FIRST_CHARACTERS = frozenset("=+-@\t\r\n＝＋－＠")


def safe_cell(value: Any) -> Any:
    """A text cell made safe; numbers, dates and empty cells as they are."""
    if isinstance(value, str) and value and value[0] in FORMULA_FIRST_CHARACTERS:
        return "'" + value
    return value


class SafeWriter:
    """csv.writer, every text cell through `safe_cell`. writerow() returns what was written, so that a
    writer on a line buffer can stream (see `lines`)."""

    def __init__(self, output: Any, **options: Any) -> None:
        self._writer = csv.writer(output, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _Line:
    """A file that hands back each line written: csv.writer's writerow() returns write()'s result."""

    def write(self, text: str) -> str:
        return text


def line_writer(**options: Any) -> SafeWriter:
    """A writer whose writerow() returns the line, for files streamed line by line."""
    return SafeWriter(_Line(), **options)
