"""The agenda's figure for the observatory: dates of events month by month, past and coming."""

from django.utils import timezone

from cresol.observatory.figures import add_months, fetch, first_month, month_series, start_of
from cresol.observatory.registry import Figure, Table

MONTHS_BACK, MONTHS_AHEAD = 12, 6


def dates_by_month() -> Table:
    start = first_month(MONTHS_BACK)
    months = MONTHS_BACK + MONTHS_AHEAD
    end = add_months(start, months)
    rows = fetch(
        "SELECT to_char(o.start AT TIME ZONE %s, 'YYYY-MM'), COUNT(*) FROM agenda_occurrence o "
        "JOIN agenda_event e ON e.id = o.event_id "
        "WHERE e.status = 'published' AND NOT o.cancelled AND o.start >= %s AND o.start < %s GROUP BY 1",
        [timezone.get_current_timezone_name(), start_of(start), start_of(end)],
    )
    return Table(
        ["mois", "dates_d_evenements"], month_series(rows, start=start, months=months), ["Mois", "Dates d'événements"]
    )


FIGURES = [
    Figure(
        key="evenements-par-mois",
        title="Dates d'événements par mois",
        definition=(
            "Dates des événements publiés dans l'Agenda citoyen (une séance d'une série compte pour une date, les "
            "dates annulées ne comptent pas), des douze derniers mois aux six prochains, heure de Paris."
        ),
        compute=dates_by_month,
        group="Agenda",
        order=30,
        kind="months",
    ),
]
