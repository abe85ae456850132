"""Validators every section's models and forms share."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Line breaks in any of their Unicode spellings, and the other control characters (tab aside).
_LINE_BREAKS_AND_CONTROLS = r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]"

validate_single_line = RegexValidator(
    _LINE_BREAKS_AND_CONTROLS,
    inverse_match=True,
    message=_("Ce champ tient sur une ligne : retirez les retours à la ligne et les caractères invisibles."),
    code="not_single_line",
)
"""For titles, names and addresses: they go into e-mail subjects, iCalendar lines and CSV cells, where a
line break would start a new header, a new VEVENT or a new row."""


def single_line(text: str) -> str:
    """Text from outside (an imported calendar, a feed) folded onto one line: white space collapsed."""
    return " ".join((text or "").split())
