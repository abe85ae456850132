"""The opening hours on the members' form: a week grid anyone can fill, written in OpenStreetMap's syntax.

Each day takes up to two ranges (morning and afternoon), a box closes public holidays, and an
"expression OpenStreetMap" field takes what the grid cannot say (seasons, "Mo[1]", comments). Works
without JavaScript: the server reads the grid and writes the expression. What was typed comes back
with the error beside it.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import hours
from .validators import validate_opening_hours

# "9", "9h", "9 h 30", "09:30", "9.30": what people type where the browser has no time picker.
CLOCK = re.compile(r"^\s*(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?\s*$")


def _clock(text: str, *, closing: bool) -> str | None:
    match = CLOCK.match(text or "")
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if closing and (hour, minute) == (0, 0):
        hour = 24  # closing at midnight is the end of the day
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return f"{hour:02d}:{minute:02d}"


class OpeningHoursWidget(forms.Widget):
    template_name = "initiatives/widgets/opening_hours.html"
    use_fieldset = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name in data:  # the expression posted as it is (a script, the tests): the expert field
            return {
                "days": [[("", "")] * hours.RANGES_PER_DAY for _ in range(7)],
                "holidays": False,
                "expert": data.get(name, ""),
            }
        return {
            "days": [
                [
                    (data.get(f"{name}_{day}_{n}_start", ""), data.get(f"{name}_{day}_{n}_end", ""))
                    for n in range(hours.RANGES_PER_DAY)
                ]
                for day in range(7)
            ],
            "holidays": bool(data.get(f"{name}_holidays")),
            "expert": data.get(f"{name}_expert", ""),
        }

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(key.startswith(f"{name}_") for key in data)

    def format_value(self, value: Any) -> Any:
        """A stored expression shown in the grid when the grid can show it all, else in the expert field."""
        if isinstance(value, dict):  # what was typed, sent back with its errors
            return value
        empty = [[("", "")] * hours.RANGES_PER_DAY for _ in range(7)]
        week = hours.Week.of(value or "")
        if week is None:
            return {"days": empty, "holidays": True, "expert": value}
        days = [[*ranges, *[("", "")] * (hours.RANGES_PER_DAY - len(ranges))] for ranges in week.days]
        return {"days": days, "holidays": week.closed_on_holidays or not value, "expert": ""}

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"]
        context["widget"]["rows"] = [
            {
                "name": hours.DAY_NAMES[day].capitalize(),
                "ranges": [{"n": n, "start": start, "end": end} for n, (start, end) in enumerate(value["days"][day])],
                "day": day,
            }
            for day in range(7)
        ]
        return context


class OpeningHoursField(forms.Field):
    """Cleans the grid (or the expert expression) into an expression in OpenStreetMap's syntax."""

    widget = OpeningHoursWidget
    default_error_messages = {
        "both": gettext_lazy("Remplissez la grille ou l'expression OpenStreetMap, pas les deux."),
    }

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):  # the admin and tests may post the expression itself
            return value.strip()
        expert = (value.get("expert") or "").strip()
        week, errors = self._week(value)
        if errors:
            raise ValidationError(errors)
        grid = week.expression()
        if grid and expert:
            raise ValidationError(self.error_messages["both"], code="both")
        return expert or grid

    def validate(self, value: Any) -> None:
        super().validate(value)
        if len(value) > 500:
            raise ValidationError(_("500 caractères au plus."), code="max_length")
        validate_opening_hours(value)

    @staticmethod
    def _week(value: Any) -> tuple[hours.Week, list[str]]:
        week, errors = hours.Week(closed_on_holidays=value.get("holidays", False)), []
        for day, ranges in enumerate(value["days"]):
            name = hours.DAY_NAMES[day].capitalize()
            previous_end = None
            for start_text, end_text in ranges:
                if not (start_text or "").strip() and not (end_text or "").strip():
                    continue
                start, end = _clock(start_text, closing=False), _clock(end_text, closing=True)
                if start is None or end is None:
                    errors.append(
                        _("%(day)s : indiquez l'ouverture et la fermeture, par exemple 09:00 et 12:00.") % {"day": name}
                    )
                elif end <= start:
                    errors.append(
                        _("%(day)s : la fermeture (%(end)s) doit suivre l'ouverture (%(start)s).")
                        % {"day": name, "start": start, "end": end}
                    )
                elif previous_end is not None and start < previous_end:
                    errors.append(
                        _("%(day)s : la deuxième plage doit commencer après la fin de la première.") % {"day": name}
                    )
                else:
                    week.days[day].append((start, end))
                    previous_end = end
        return week, errors
