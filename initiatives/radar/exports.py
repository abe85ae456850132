"""An initiative's radars, for its contributor: every answer as CSV, or the whole history as JSON."""

import io
import json
from typing import Any

from django.db.models import Prefetch

from cresol.core import spreadsheet

from .models import LEVELS, Answer

LEVEL_LABELS = {value: str(label) for value, label in LEVELS}
CSV_COLUMNS = [
    "date",
    "version_grille",
    "publie",
    "axe",
    "score_axe",
    "question",
    "niveau",
    "niveau_libelle",
    "commentaire",
]


def _with_answers(assessments: Any):
    answers = Answer.objects.select_related("question__axis").order_by(
        "question__axis__order", "question__order", "question_id"
    )
    return assessments.prefetch_related("grid__axes", Prefetch("answers", queryset=answers))


def _axis_scores(assessment: Any) -> dict:
    return {axis.pk: score for axis, score in zip(assessment.grid.axes.all(), assessment.scores, strict=False)}


def as_csv(assessments: Any) -> str:
    output = io.StringIO()
    writer = spreadsheet.SafeWriter(output, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for assessment in _with_answers(assessments):
        scores = _axis_scores(assessment)
        for answer in assessment.answers.all():
            axis = answer.question.axis
            writer.writerow(
                [
                    assessment.filled_on.isoformat(),
                    assessment.grid.version,
                    int(assessment.public),
                    axis.name,
                    scores.get(axis.pk, ""),
                    answer.question.text,
                    "" if answer.level is None else answer.level,
                    LEVEL_LABELS.get(answer.level, ""),
                    answer.comment,
                ]
            )
    return "\ufeff" + output.getvalue()  # the BOM: Excel reads the accents as UTF-8


def as_json(assessments: Any, *, initiative: Any) -> str:
    history = []
    for assessment in _with_answers(assessments):
        axes = list(assessment.grid.axes.all())
        history.append(
            {
                "date": assessment.filled_on.isoformat(),
                "grille": {"version": assessment.grid.version, "titre": assessment.grid.title},
                "publie": assessment.public,
                "axes": [
                    {"nom": axis.name, "score": score} for axis, score in zip(axes, assessment.scores, strict=False)
                ],
                "reponses": [
                    {
                        "axe": answer.question.axis.name,
                        "question": answer.question.text,
                        "niveau": answer.level,
                        "niveau_libelle": LEVEL_LABELS.get(answer.level),
                        "commentaire": answer.comment,
                    }
                    for answer in assessment.answers.all()
                ],
            }
        )
    document = {
        "initiative": initiative.name,
        "echelle": {str(v): label for v, label in LEVEL_LABELS.items()},
        "radars": history,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
