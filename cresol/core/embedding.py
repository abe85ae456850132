"""What the embeddable pages share — the agenda widget and the map, in partners' iframes — and their
builders: the size, the partner's colour made readable, the iframe's code.

An embeddable page allows any frame ancestor (`allow_any_frame`), on every answer, cached or not: the
page cache keeps the view's CSP override with the copy (cresol/core/pagecache.py, KEPT_ATTRIBUTES).
"""

import html
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

HEX_COLOUR = re.compile(r"^#?([0-9a-fA-F]{6})$")
DEFAULT_COLOUR = "1e6b52"
# WCAG 2.1 AA for text: the partner's colour is darkened until white text on it (and it on white) reads.
MIN_CONTRAST = 4.5


def allow_any_frame(view: Callable[..., Any]) -> Callable[..., Any]:
    """The page may be shown in any site's iframe (and nothing else is loosened)."""
    policy: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    return xframe_options_exempt(csp_override(policy)(view))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[index : index + 2], 16) / 255 for index in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (_luminance(hex_colour) + 0.05)


def readable(hex_colour: str) -> str:
    """The colour, darkened as little as needed for a contrast of MIN_CONTRAST with white."""
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (0, 2, 4))
    colour = hex_colour.lower()
    while contrast_with_white(colour) < MIN_CONTRAST:
        red, green, blue = (int(channel * 0.9) for channel in (red, green, blue))
        colour = f"{red:02x}{green:02x}{blue:02x}"
    return colour


class ColourField(forms.CharField):
    """#RRGGBB or RRGGBB, as a colour picker gives it; the six digits, lower case."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value:
            return ""
        match = HEX_COLOUR.match(value.strip())
        if match is None:
            raise forms.ValidationError("Indiquez une couleur au format #1e6b52.", code="colour")
        return match.group(1).lower()


class FrameSizeForm(forms.Form):
    """The iframe's size, as partners' pages need it."""

    largeur = forms.IntegerField(
        label="Largeur (pixels)", min_value=200, max_value=2000, required=False, help_text="Vide : toute la largeur."
    )
    hauteur = forms.IntegerField(label="Hauteur (pixels)", min_value=200, max_value=2000, initial=500)


def iframe_code(url: str, *, title: str, width: int | None, height: int) -> str:
    """The code a partner pastes: an iframe with a title (RGAA), lazy, that takes the width it is given."""
    # Plain text (not marked safe): the page that shows it escapes it once more, as text to copy.
    return (
        f'<iframe src="{html.escape(url)}" title="{html.escape(title)}" width="{width or "100%"}" '
        f'height="{height}" loading="lazy" style="border:0;max-width:100%"></iframe>'
    )


def absolute(path: str, query: dict[str, Any]) -> str:
    parameters = [
        (name, value)
        for name, values in query.items()
        for value in (values if isinstance(values, list) else [values])
        if value not in ("", None, False)
    ]
    return f"{settings.SITE_URL}{path}{'?' + urlencode(parameters) if parameters else ''}"
