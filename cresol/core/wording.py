"""Counts written the French way in messages built by code.

The interface's strings are French in the code, with no translation catalogue: Django's `ngettext`
then falls back to the English rule (plural from 0), where French says "0 événement". `count_of`
applies the French rule: singular for 0 and 1.
"""

from django.utils.functional import Promise


def count_of(number: int, singular: "str | Promise", plural: "str | Promise") -> str:
    """count_of(3, "événement annulé", "événements annulés") -> "3 événements annulés"."""
    return f"{number} {singular if abs(number) <= 1 else plural}"
