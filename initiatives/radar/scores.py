"""From answers to the axes' scores (0 to 100), and the anonymous averages the observatory shows."""

from dataclasses import dataclass
from typing import Any

from django.db import connection

from .models import TOP_LEVEL, Grid

# An average is shown only where at least this many initiatives answered: no one's answers can be
# read through it.
MIN_INITIATIVES = 5


def axis_scores(grid: Grid, answers: Any) -> list[float | None]:
    """Each axis's mean level, as a percentage of the top of the scale; None where nothing was answered
    ("je ne sais pas" everywhere), so that it is not read as a zero."""
    levels: dict[int, list[int]] = {}
    for answer in answers:
        if answer.level is not None:
            levels.setdefault(answer.question_id, []).append(answer.level)
    scores = []
    for axis in grid.axes.all():
        answered = [level for question in axis.questions.all() for level in levels.get(question.pk, [])]
        scores.append(round(100 * sum(answered) / (len(answered) * TOP_LEVEL), 1) if answered else None)
    return scores


@dataclass(frozen=True)
class GroupRadar:
    group: str  # a theme's or a département's name
    initiatives: int
    scores: list[float | None]


# The latest radar of each published initiative on the grid, averaged axis by axis within each group
# (an initiative counts in each of its themes): one aggregate over the flagged rows, no sort. AVG skips
# the axes left unanswered. {averages} is "AVG(a.scores[1]), AVG(a.scores[2]), …", one per axis.
_GROUPED = {
    "theme": """
        SELECT t.name, COUNT(*), {averages}
        FROM radar_assessment a
        JOIN initiatives_initiative i ON i.id = a.initiative_id
        JOIN initiatives_initiative_themes it ON it.initiative_id = a.initiative_id
        JOIN themes_theme t ON t.id = it.theme_id
        WHERE a.grid_id = %s AND a.is_latest AND i.status = 'published'
        GROUP BY t.name, t."order" ORDER BY t."order", t.name
    """,
    "departement": """
        SELECT d.name, COUNT(*), {averages}
        FROM radar_assessment a
        JOIN initiatives_initiative i ON i.id = a.initiative_id
        JOIN territories_commune c ON c.id = i.commune_id
        JOIN territories_departement d ON d.id = c.departement_id
        WHERE a.grid_id = %s AND a.is_latest AND i.status = 'published'
        GROUP BY d.name, d.code ORDER BY d.code
    """,
}


def grouped_radars(grid: Grid, by: str) -> list[GroupRadar]:
    """The anonymous average radar of each theme (by="theme") or département (by="departement") where
    at least MIN_INITIATIVES initiatives answered."""
    axes = grid.axes.count()
    if not axes:
        return []
    # Positions are integers from the grid, never from a request.
    averages = ", ".join(f"AVG(a.scores[{position}])" for position in range(1, axes + 1))
    with connection.cursor() as cursor:
        cursor.execute(_GROUPED[by].format(averages=averages), [grid.pk])
        rows = cursor.fetchall()
    return [
        GroupRadar(name, count, [None if score is None else round(score, 1) for score in scores])
        for name, count, *scores in rows
        if count >= MIN_INITIATIVES
    ]
