"""Checks shared by the agenda's forms and filters."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# Dates beyond these are typing mistakes or probes; near year 9999, date arithmetic overflows.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def validate_agenda_year(value: Any) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Choisissez une date entre %(first)s et %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
