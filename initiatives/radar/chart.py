"""The radar drawn server-side: the geometry an SVG template needs, and nothing but arithmetic.

Several series (dates, or groups) share one chart; each has its colour from the Okabe-Ito palette
(told apart with any colour vision, darkened for contrast) and its own dash pattern, so that no series
is known by its colour alone. The numbers are also in a table beside the chart, and in the SVG's description.
"""

import math
from dataclasses import dataclass

# The viewBox: wider than tall, the axes' names written left and right of the 100 % ring.
WIDTH, HEIGHT = 560, 390
RADIUS = 130
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
RINGS = (25, 50, 75, 100)
# Okabe-Ito's hues, darkened where needed to stand at 3:1 at least on white (WCAG 1.4.11).
STYLES = [("#0072B2", ""), ("#C14F00", "7 4"), ("#00805C", "2 3"), ("#A3487F", "9 3 2 3"), ("#333333", "4 2")]
MAX_SERIES = len(STYLES)


@dataclass(frozen=True)
class Spoke:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor: where the label stands from its point


@dataclass(frozen=True)
class Series:
    label: str
    scores: list[float | None]
    colour: str
    dashes: str
    points: str  # the polygon's "x,y x,y …"
    dots: list[tuple[float, float]]


def _point(index: int, count: int, percent: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # the first axis points up, then clockwise
    distance = RADIUS * percent / 100
    return round(CENTRE_X + distance * math.cos(angle), 1), round(CENTRE_Y + distance * math.sin(angle), 1)


def radar_chart(axes: list[str], series: list[tuple[str, list[float | None]]]) -> dict:
    """What templates/radar/_chart.html draws: spokes with their labels, rings, and one polygon per
    series (an unanswered axis sits at the centre; the table says "non renseigné")."""
    count = len(axes)
    spokes = []
    for index, label in enumerate(axes):
        x, y = _point(index, count, 100)
        label_x, label_y = _point(index, count, 114)
        offset = label_x - CENTRE_X
        anchor = "middle" if abs(offset) < 8 else ("start" if offset > 0 else "end")
        spokes.append(Spoke(label, x, y, label_x, label_y + 4, anchor))
    # Each ring with its figure written just right of the upward spoke.
    rings = [
        (
            percent,
            " ".join("{},{}".format(*_point(i, count, percent)) for i in range(count)),
            round(CENTRE_Y - RADIUS * percent / 100 - 2, 1),
        )
        for percent in RINGS
    ]
    drawn = []
    for (label, scores), (colour, dashes) in zip(series[-MAX_SERIES:], STYLES, strict=False):
        dots = [_point(i, count, score or 0) for i, score in enumerate(scores)]
        drawn.append(Series(label, scores, colour, dashes, " ".join(f"{x},{y}" for x, y in dots), dots))
    description = " ".join(
        f"{label} : " + ", ".join(f"{axis} {_percent(score)}" for axis, score in zip(axes, scores, strict=False)) + "."
        for label, scores in series[-MAX_SERIES:]
    )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "centre_x": CENTRE_X,
        "centre_y": CENTRE_Y,
        "tick_x": CENTRE_X + 4,
        "spokes": spokes,
        "rings": rings,
        "series": drawn,
        "axes": axes,
        "description": description,
    }


def _percent(score: float | None) -> str:
    return "non renseigné" if score is None else f"{score:.0f} sur 100"
