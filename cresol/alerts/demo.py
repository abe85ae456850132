"""A demo alert for `make run`: Claire, a demo member in Tours, watches the initiatives and events on
reuse within 20 km; « Mon espace » shows it with its private feeds."""

from typing import TextIO

from django.contrib.auth import get_user_model

from cresol.territories.models import Commune
from cresol.themes.models import Theme

from . import services


def load_demo(stdout: TextIO) -> None:
    member = get_user_model().objects.filter(email="claire.martin@example.org").first()
    tours = Commune.objects.filter(code="37261").first()
    if member is None or tours is None:
        return
    data = {
        "sources": ["initiatives", "agenda"],
        "themes": list(Theme.objects.filter(slug="reemploi-zero-dechet")),
        "commune": tours,
        "radius_km": 20,
        "frequency": "hebdomadaire",
    }
    services.alert_create(email=member.email, user=member, data=data)
    stdout.write("  1 alerte (Claire Martin : réemploi à 20 km de Tours)")
