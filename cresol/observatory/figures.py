"""The observatory's own figures, across sections, and what every section's figures share: the months
counted, and the reading of a territory × theme matrix."""

from datetime import date, datetime, time
from typing import Any

from django.db import connection
from django.utils import timezone

from cresol.moderation.registry import registered_sections

from .registry import Figure, Table

MONTHS_BACK = 24


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def first_month(months_back: int = MONTHS_BACK) -> date:
    """The first day of the month `months_back - 1` months before this one."""
    return add_months(timezone.localdate(), -(months_back - 1))


def start_of(day: date) -> datetime:
    """Midnight of that day in the portal's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def month_series(rows: Any, *, start: date, months: int) -> list[list]:
    """Every month from `start`, those without a row at zero: a bar chart without holes."""
    counts = dict(rows)
    names = [f"{add_months(start, step):%Y-%m}" for step in range(months)]
    return [[name, counts.get(name, 0)] for name in names]


def fetch(sql: str, params: Any = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _active_contributors() -> Table:
    """Distinct members who submitted anything moderated, month by month: one UNION over every moderated
    model the sections registered (each has `submitted_by` and `submitted_at`)."""
    start = first_month(12)
    tables = [entry.model._meta.db_table for entry in registered_sections()]
    if not tables:
        return Table(["mois", "contributeurs_actifs"], month_series([], start=start, months=12), HEADERS)
    # Table names from the models, never from a request.
    union = " UNION ALL ".join(
        f'SELECT submitted_by_id, submitted_at FROM "{table}" WHERE submitted_at >= %s'  # noqa: S608
        for table in tables
    )
    rows = fetch(
        "SELECT to_char(submitted_at AT TIME ZONE %s, 'YYYY-MM'), COUNT(DISTINCT submitted_by_id) "  # noqa: S608
        f"FROM ({union}) AS contributions WHERE submitted_by_id IS NOT NULL GROUP BY 1",
        [timezone.get_current_timezone_name(), *[start_of(start)] * len(tables)],
    )
    return Table(["mois", "contributeurs_actifs"], month_series(rows, start=start, months=12), HEADERS)


HEADERS = ["Mois", "Contributeurs actifs"]


ACTIVE_CONTRIBUTORS = Figure(
    key="contributeurs-actifs-par-mois",
    title="Contributeurs actifs par mois",
    definition=(
        "Nombre de personnes différentes ayant proposé au moins un contenu dans le mois (initiative, événement, "
        "article, partage de veille), qu'il ait été publié ou non ; douze derniers mois, mois en cours compris."
    ),
    compute=_active_contributors,
    group="Contributeurs",
    order=50,
    kind="months",
)
