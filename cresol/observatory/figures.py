"""The observatory's own figures, across sections, and what every section's figures share: the months
counted, and the reading of a territory × theme matrix."""

from datetime import date, datetime, time

from django.db import connection
from django.utils import timezone

from cresol.moderation.registry import registered_sections

from .registry import Figure, Table

MONTHS_BACK = 24


def first_month(months_back: int = MONTHS_BACK) -> date:
    """The first day of the month `months_back - 1` months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - (months_back - 1)
    return date(index // 12, index % 12 + 1, 1)


def start_of(day: date) -> datetime:
    """Midnight of that day in the portal's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def month_series(rows, *, start: date, months: int) -> list[list]:
    """Every month from `start`, those without a row at zero: a bar chart without holes."""
    counts = dict(rows)
    series = []
    index = start.year * 12 + start.month - 1
    for step in range(months):
        year, month = divmod(index + step, 12)
        name = f"{year:04d}-{month + 1:02d}"
        series.append([name, counts.get(name, 0)])
    return series


def fetch(sql: str, params=()) -> list[tuple]:
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
