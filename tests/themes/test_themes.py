"""The shared themes: a starting set, readable colours, and a stylesheet that follows the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from cresol.themes.models import Theme
from tests.http import page_text

pytestmark = pytest.mark.django_db


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_starting_set_covers_the_fields_of_the_solidarity_economy():
    names = set(Theme.objects.values_list("name", flat=True))
    assert len(names) >= 13
    assert {"Alimentation et agriculture", "Numérique libre", "Tiers-lieux", "Habitat"} <= names


def test_every_starting_colour_carries_white_text_at_the_aa_ratio():
    for theme in Theme.objects.all():
        ratio = (1.0 + 0.05) / (_luminance(theme.colour) + 0.05)
        assert ratio >= 4.5, f"{theme.name}: {ratio:.2f}"


def test_a_colour_that_is_not_hex_is_refused_by_the_form_and_the_database():
    theme = Theme(name="Essai", slug="essai", colour="red")
    with pytest.raises(ValidationError) as raised:
        theme.full_clean()
    assert "#rrvvbb" in str(raised.value)
    with pytest.raises(IntegrityError):
        theme.save()


def test_the_stylesheet_gives_each_theme_its_colour(client):
    Theme.objects.filter(slug="habitat").update(colour="#123456")
    response = client.get(reverse("themes:colours"))
    assert response["Content-Type"].startswith("text/css")
    css = page_text(response)
    habitat = Theme.objects.get(slug="habitat")
    assert f".theme--habitat, .theme-id-{habitat.pk} {{ --theme-colour: #123456; }}" in css
    assert css.count("--theme-colour") == Theme.objects.count()
    assert "Last-Modified" in response
