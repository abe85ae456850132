"""The observatory's drawings, computed on the server: a choropleth of territories and bars by month.

The choropleth's scale is ColorBrewer's sequential YlGnBu, read by people with any colour vision (one
direction of lightness), zero left white; each class says its bounds in the legend, and the table beside
the map gives every figure.
"""

from dataclasses import dataclass

from cresol.territories.outlines import svg_outlines

SCALE = ["#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"]
DARK_FROM = 3  # classes from this one on are dark: their territory's name is written in white
ZERO = "#ffffff"


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    value: int
    colour: str


def class_bounds(values: list[int]) -> list[tuple[int, int]]:
    """Up to five classes [low, high] of the values above zero, by quantiles, each holding different
    values (a few distinct values make fewer classes)."""
    positive = sorted(value for value in values if value > 0)
    if not positive:
        return []
    distinct = sorted(set(positive))
    count = min(len(SCALE), len(distinct))
    uppers: list[int] = []
    for step in range(1, count + 1):
        upper = positive[min(len(positive) - 1, round(step * len(positive) / count) - 1)]
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    if uppers[-1] != positive[-1]:
        uppers[-1] = positive[-1]
    bounds, low = [], positive[0]
    for upper in uppers:
        bounds.append((low, upper))
        low = upper + 1
    return bounds


def colour_for(value: int, bounds: list[tuple[int, int]]) -> str:
    if value <= 0:
        return ZERO
    for index, (_low, high) in enumerate(bounds):
        if value <= high:
            return SCALE[index + (len(SCALE) - len(bounds))]  # few classes take the darker end
    return SCALE[-1]


def choropleth(level: str, values: dict[str, int]) -> dict:
    """The shapes of the level's territories coloured by their value, and the legend's classes."""
    outlines = svg_outlines(level)
    bounds = class_bounds(list(values.values()))
    shapes = [
        Shape(code, name, path, values.get(code, 0), colour_for(values.get(code, 0), bounds))
        for code, (name, path) in outlines.paths.items()
    ]
    legend = [("0", ZERO, sum(1 for shape in shapes if shape.value == 0))]
    for low, high in bounds:
        label = str(low) if low == high else f"{low} à {high}"
        legend.append((label, colour_for(high, bounds), sum(1 for shape in shapes if low <= shape.value <= high)))
    return {"view_box": outlines.view_box, "shapes": shapes, "legend": legend}


BAR_WIDTH, BAR_GAP, BAR_HEIGHT = 24, 6, 160


def month_bars(rows: list[list], *, value_column: int = 1) -> dict:
    """Bars of a series by month, the highest as tall as the chart; a label every third month."""
    highest = max((row[value_column] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        height = round(BAR_HEIGHT * row[value_column] / highest, 1)
        x = index * (BAR_WIDTH + BAR_GAP)
        month, label = row[0], row[0] if index % 3 == 0 else ""
        bars.append(
            {
                "x": x,
                "y": round(BAR_HEIGHT - height, 1),
                "height": height,
                "value": row[value_column],
                "month": month,
                "label": label,
                "label_x": x + BAR_WIDTH / 2,
            }
        )
    width = len(rows) * (BAR_WIDTH + BAR_GAP)
    return {
        "bars": bars,
        "width": width,
        "height": BAR_HEIGHT + 24,
        "bar_width": BAR_WIDTH,
        "highest": highest,
        "baseline": BAR_HEIGHT,
    }
