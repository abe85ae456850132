"""« Mon espace »: the member's alerts, each told in words, with its frequency, its private feeds and a
button to delete it (two queries whatever their number)."""

from typing import Any

from . import wording
from .models import Alert


def of_member(user: Any) -> dict:
    alerts = list(Alert.objects.with_places().filter(user=user).order_by("-created_at"))
    names = wording.theme_names() if any(alert.themes for alert in alerts) else {}
    rows = [
        {"alert": alert, "description": wording.describe(alert, names), "has_ical": wording.has_calendar(alert)}
        for alert in alerts
    ]
    return {"alerts": rows}
