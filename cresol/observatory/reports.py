"""The figures of the network's activity reports, for staff (/admin/statistiques/): contributions per
month and section, moderation delays, the territories and themes contributed to, active contributors.

Each is one SQL query over the moderated models the sections registered (cresol.moderation.registry),
read from their tables and the audit log: the page runs the same number of queries whatever the data.
Unlike the public observatory, they count what was proposed, published or not, and how it was handled.
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import slugify

from cresol.moderation.registry import ModeratedSection, registered_sections

from .figures import ACTIVE_CONTRIBUTORS, fetch, first_month, month_series, start_of
from .registry import Figure, Table

MONTHS = 12
TOP = 10


def _since() -> Any:
    return start_of(first_month(MONTHS))


def _tz() -> str:
    return timezone.get_current_timezone_name()


def _column(entry: ModeratedSection) -> str:
    return slugify(f"{entry.section} {entry.label}").replace("-", "_")


def _union(select: str, entries: list[ModeratedSection]) -> str:
    """`select` (with {table} and {section}) over each section's table, as one UNION ALL. Table names come
    from the models, never from a request."""
    return " UNION ALL ".join(
        select.format(table=entry.model._meta.db_table, section=index) for index, entry in enumerate(entries)
    )


def _contributions_per_month() -> Table:
    entries = registered_sections()
    start = first_month(MONTHS)
    columns = ["mois", *(_column(entry) for entry in entries), "total"]
    headers = ["Mois", *(f"{entry.section} — {entry.label}" for entry in entries), "Total"]
    if not entries:
        return Table(columns, [], headers)
    union = _union('SELECT {section} AS section, submitted_at FROM "{table}" WHERE submitted_at >= %s', entries)
    rows = fetch(
        "SELECT to_char(submitted_at AT TIME ZONE %s, 'YYYY-MM'), section, COUNT(*) "  # noqa: S608
        f"FROM ({union}) AS contributions GROUP BY 1, 2",
        [_tz(), *[start_of(start)] * len(entries)],
    )
    counts = {(month, section): count for month, section, count in rows}
    table_rows = []
    for month, _zero in month_series([], start=start, months=MONTHS):
        per_section = [counts.get((month, index), 0) for index in range(len(entries))]
        table_rows.append([month, *per_section, sum(per_section)])
    return Table(columns, table_rows, headers)


def _moderation_delays() -> Table:
    """Per kind of content: the decisions of the period and the time from its last submission to each."""
    entries = registered_sections()
    content_types = ContentType.objects.get_for_models(*(entry.model for entry in entries))
    names = {content_types[entry.model].pk: f"{entry.section} — {entry.label}" for entry in entries}
    rows = fetch(
        """
        SELECT decision.content_type_id, COUNT(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM decision.at - submission.at)),
               percentile_cont(0.9) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM decision.at - submission.at))
        FROM moderation_moderationevent AS decision
        CROSS JOIN LATERAL (
            SELECT MAX(earlier.at) AS at FROM moderation_moderationevent AS earlier
            WHERE earlier.content_type_id = decision.content_type_id AND earlier.object_id = decision.object_id
              AND earlier.action = 'submit' AND earlier.at <= decision.at
        ) AS submission
        WHERE decision.action IN ('approve', 'reject') AND decision.at >= %s AND submission.at IS NOT NULL
        GROUP BY decision.content_type_id
        """,
        [_since()],
    )
    by_type = {type_id: (count, median, ninth) for type_id, count, median, ninth in rows}
    table_rows = []
    for type_id, name in names.items():
        count, median, ninth = by_type.get(type_id, (0, None, None))
        table_rows.append([name, count, _hours(median), _hours(ninth)])
    return Table(
        ["contenus", "decisions", "delai_median_heures", "delai_90e_centile_heures"],
        table_rows,
        ["Contenus", "Décisions", "Délai médian (heures)", "9 décisions sur 10 en moins de (heures)"],
    )


def _hours(seconds: float | None) -> float | str:
    return "" if seconds is None else round(seconds / 3600, 1)


def _with_field(name: str) -> list[ModeratedSection]:
    found = []
    for entry in registered_sections():
        try:
            field = entry.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name == "themes" and field.many_to_many or name == "commune" and field.many_to_one:
            found.append(entry)
    return found


def _top_territories(level: str) -> Table:
    """The territories contributions are placed in (those with a commune), most first."""
    entries = _with_field("commune")
    label = {"departement": "Département", "epci": "Intercommunalité"}[level]
    key = {"departement": ("territories_departement", "code"), "epci": ("territories_epci", "siren")}[level]
    headers, columns = [label, "Code", "Contributions"], [level, "code", "contributions"]
    if not entries:
        return Table(columns, [], headers)
    union = _union('SELECT commune_id FROM "{table}" WHERE submitted_at >= %s', entries)
    rows = fetch(
        f"SELECT territory.name, territory.{key[1]}, COUNT(*) FROM ({union}) AS contributions "  # noqa: S608
        "JOIN territories_commune AS commune ON commune.id = contributions.commune_id "
        f"JOIN {key[0]} AS territory ON territory.id = commune.{level}_id "
        "GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT %s",
        [*[_since()] * len(entries), TOP],
    )
    return Table(columns, [list(row) for row in rows], headers)


def _top_themes() -> Table:
    entries = _with_field("themes")
    headers, columns = ["Thématique", "Contributions"], ["thematique", "contributions"]
    if not entries:
        return Table(columns, [], headers)
    selects = []
    for entry in entries:
        field: Any = entry.model._meta.get_field("themes")
        through, content = field.remote_field.through._meta.db_table, entry.model._meta.db_table
        # Names from the models, never from a request.
        selects.append(
            f'SELECT link.{field.m2m_reverse_name()} AS theme_id FROM "{through}" AS link '  # noqa: S608
            f'JOIN "{content}" AS content ON content.id = link.{field.m2m_column_name()} '
            "WHERE content.submitted_at >= %s"
        )
    rows = fetch(
        f"SELECT theme.name, COUNT(*) FROM ({' UNION ALL '.join(selects)}) AS links "  # noqa: S608
        "JOIN themes_theme AS theme ON theme.id = links.theme_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT %s",
        [*[_since()] * len(entries), TOP],
    )
    return Table(columns, [list(row) for row in rows], headers)


PERIOD = "Sur les douze derniers mois, mois en cours compris"
REPORTS = [
    Figure(
        key="contributions-par-mois",
        title="Contributions par mois et par section",
        definition=f"{PERIOD} : contenus proposés (soumis à la modération ou publiés directement), publiés ou non.",
        compute=_contributions_per_month,
        group="Contributions",
    ),
    Figure(
        key="delais-de-moderation",
        title="Délais de modération",
        definition=(
            f"{PERIOD} : pour chaque décision (publication ou refus), le temps écoulé depuis la dernière "
            "soumission du contenu ; médiane et 90e centile, en heures."
        ),
        compute=_moderation_delays,
        group="Modération",
    ),
    Figure(
        key="departements-les-plus-contributeurs",
        title="Départements des contributions",
        definition=f"{PERIOD} : contributions situées dans une commune (initiatives, événements…), par département.",
        compute=lambda: _top_territories("departement"),
        group="Territoires et thématiques",
    ),
    Figure(
        key="intercommunalites-les-plus-contributrices",
        title=f"Les {TOP} intercommunalités les plus contributrices",
        definition=f"{PERIOD} : contributions situées dans une commune, par intercommunalité.",
        compute=lambda: _top_territories("epci"),
        group="Territoires et thématiques",
    ),
    Figure(
        key="thematiques-des-contributions",
        title=f"Les {TOP} thématiques les plus présentes",
        definition=f"{PERIOD} : une contribution compte pour chacune de ses thématiques.",
        compute=_top_themes,
        group="Territoires et thématiques",
    ),
    ACTIVE_CONTRIBUTORS,
]


def report_named(key: str) -> Figure | None:
    return next((figure for figure in REPORTS if figure.key == key), None)
