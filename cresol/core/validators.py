"""Validators every section's models and forms share."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator
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


# A plain address, as people write theirs: the local part a dot-atom (no quoted string such as
# "<script>"@example.org), the domain a name with a dot (no [127.0.0.1], no localhost). What Django's
# EmailValidator allows beyond that is legal but never a member's address, and mail to it goes nowhere
# good: to the machine itself, or into a header as markup.
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def validate_email_address(value: str) -> None:
    """Sign-up, the letter, contact relays, reports and public addresses: one rule for an address."""
    message = _("Saisissez une adresse e-mail valide, de la forme nom@domaine.fr.")
    EmailValidator(message=message)(value)
    local, _at, domain = value.rpartition("@")
    if not _LOCAL_PART.fullmatch(local) or domain.startswith("[") or "." not in domain.strip("."):
        raise ValidationError(message, code="invalid")
