"""From answers to the axes' scores (0 to 100), and the anonymous averages the observatory shows."""

from dataclasses import dataclass

from django.db import connection

from .models import TOP_LEVEL, Grid

# An average is shown only where at least this many initiatives answered: no one's answers can be
# read through it.
MIN_INITIATIVES = 5


def axis_scores(grid: Grid, answers) -> list[float | None]:
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


# The latest assessment of each initiative on the grid, its scores averaged per axis within each group
# (an initiative counts in each of its themes). One query, whatever the number of assessments.
_GROUPED = {
    "theme": """
        WITH latest AS (
            SELECT DISTINCT ON (a.initiative_id) a.initiative_id, a.scores
            FROM radar_assessment a JOIN initiatives_initiative i ON i.id = a.initiative_id
            WHERE a.grid_id = %s AND i.status = 'published'
            ORDER BY a.initiative_id, a.filled_on DESC, a.id DESC
        )
        SELECT t.name, t."order", s.position, COUNT(DISTINCT l.initiative_id), AVG(s.score)
        FROM latest l
        JOIN initiatives_initiative_themes it ON it.initiative_id = l.initiative_id
        JOIN themes_theme t ON t.id = it.theme_id
        CROSS JOIN LATERAL unnest(l.scores) WITH ORDINALITY AS s(score, position)
        GROUP BY t.name, t."order", s.position
        ORDER BY t."order", t.name, s.position
    """,
    "departement": """
        WITH latest AS (
            SELECT DISTINCT ON (a.initiative_id) a.initiative_id, a.scores
            FROM radar_assessment a JOIN initiatives_initiative i ON i.id = a.initiative_id
            WHERE a.grid_id = %s AND i.status = 'published'
            ORDER BY a.initiative_id, a.filled_on DESC, a.id DESC
        )
        SELECT d.name, d.code, s.position, COUNT(DISTINCT l.initiative_id), AVG(s.score)
        FROM latest l
        JOIN initiatives_initiative i ON i.id = l.initiative_id
        JOIN territories_commune c ON c.id = i.commune_id
        JOIN territories_departement d ON d.id = c.departement_id
        CROSS JOIN LATERAL unnest(l.scores) WITH ORDINALITY AS s(score, position)
        GROUP BY d.name, d.code, s.position
        ORDER BY d.code, s.position
    """,
}


def grouped_radars(grid: Grid, by: str) -> list[GroupRadar]:
    """The anonymous average radar of each theme (by="theme") or département (by="departement") where
    at least MIN_INITIATIVES initiatives answered."""
    axes = grid.axes.count()
    groups: dict[str, tuple[int, list]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_GROUPED[by], [grid.pk])
        for name, _order, position, count, average in cursor.fetchall():
            initiatives, scores = groups.setdefault(name, (0, [None] * axes))
            if position <= axes:
                scores[position - 1] = round(average, 1) if average is not None else None
            groups[name] = (max(initiatives, count), scores)
    return [GroupRadar(name, count, scores) for name, (count, scores) in groups.items() if count >= MIN_INITIATIVES]
