"""The communes a territory covers, as a list of ids: what a cooperation reaches, where an alert looks.

Kept as an integer array beside the row (GIN-indexed), this makes "does it concern that place?" one array
overlap (`&&`) in PostgreSQL, whatever the level each side named: a commune, its intercommunality, a Pays,
a département, or a radius around a commune."""

from typing import Any

from django.contrib.gis.measure import D
from django.db.models import QuerySet

from .models import Commune


def commune_ids(
    *, commune: Any = None, radius_km: int | None = None, epci: Any = None, pays: Any = None, departement: Any = None
) -> list[int]:
    """The ids of the communes covered, sorted; empty when no territory is named (everywhere). The
    widest level named wins; a radius counts around `commune` (its point, as the crow flies)."""
    communes: QuerySet[Commune] | None = None
    if departement is not None:
        communes = Commune.objects.filter(departement=departement)
    elif pays is not None:
        communes = Commune.objects.filter(epci__pays=pays)
    elif epci is not None:
        communes = Commune.objects.filter(epci=epci)
    elif commune is not None and radius_km:
        communes = Commune.objects.filter(point__distance_lte=(commune.point, D(km=radius_km)))
    elif commune is not None:
        return [commune.pk]
    if communes is None:
        return []
    found = set(communes.values_list("pk", flat=True))
    if commune is not None:
        found.add(commune.pk)
    return sorted(found)
