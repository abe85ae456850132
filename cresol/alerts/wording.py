"""An alert told in words, for its e-mails, its feeds and "Mon espace": "initiatives, événements :
« jardins partagés » · Alimentation et agriculture · à 20 km de Bourges"."""

from typing import Any

from cresol.themes.models import Theme

from .registry import source_of, sources


def where(alert: Any) -> str:
    if alert.departement_id:
        return str(alert.departement.name)
    if alert.pays_id:
        return str(alert.pays.name)
    if alert.epci_id:
        return str(alert.epci.name)
    if alert.commune_id and alert.radius_km:
        return f"à {alert.radius_km} km de {alert.commune.name}"
    if alert.commune_id:
        return str(alert.commune.name)
    return ""


def what(alert: Any) -> str:
    """The sections it watches, in the portal's order: "initiatives, événements"."""
    keys = set(alert.sources)
    return ", ".join(str(source.short) for source in sources() if source.key in keys) or "—"


def describe(alert: Any, theme_names: dict[int, str] | None = None) -> str:
    """`theme_names` (id → name) spares a query per alert when many are told at once."""
    if theme_names is None:
        theme_names = dict(Theme.objects.filter(pk__in=alert.themes).values_list("pk", "name"))
    parts = [f"« {alert.words} »"] if alert.words else []
    parts += [theme_names[pk] for pk in alert.themes if pk in theme_names]
    if place := where(alert):
        parts.append(place)
    return f"{what(alert)} : {' · '.join(parts)}" if parts else f"{what(alert)} : tout"


def theme_names() -> dict[int, str]:
    return dict(Theme.objects.values_list("pk", "name"))


def has_calendar(alert: Any) -> bool:
    return any((source := source_of(key)) is not None and source.ical is not None for key in alert.sources)
