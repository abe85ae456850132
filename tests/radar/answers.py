"""Building the radar's answers in tests."""


def questions_of(grid):
    return [question for axis in grid.axes.all() for question in axis.questions.all()]


def answers_all(grid, level, comment=""):
    return {question.pk: (level, comment) for question in questions_of(grid)}


def form_data(grid, levels, comments=None):
    """The form's POST data: `levels` is a level per question (None for "je ne sais pas")."""
    data = {}
    for question, level in zip(questions_of(grid), levels, strict=True):
        data[f"q{question.pk}"] = "" if level is None else str(level)
        data[f"c{question.pk}"] = (comments or {}).get(question.pk, "")
    return data
