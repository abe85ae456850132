"""Possible duplicates of an initiative being proposed: similar name nearby, same website or SIRET."""

from typing import Any

from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity

from cresol.moderation.models import Status

from .models import Initiative

NEARBY = D(km=2)
# A box around the point in degrees (2 km is 0.018° of latitude, 0.027° of longitude here), so that the
# spatial index finds the neighbours before names are compared: 20,000 comparisons took 300 ms.
NEARBY_BOX_DEGREES = 0.03
SIMILAR_NAME = 0.4


def normalize_website(url: str) -> str:
    """'https://www.example.org/' and 'http://example.org' are the same site."""
    url = url.strip().lower()
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix) :]
    if url.startswith("www."):
        url = url[4:]
    return url.rstrip("/")


def possible_duplicates(
    *, name: str, point: Any = None, website: str = "", siret: str = "", exclude_pk: Any = None
) -> list[Any]:
    """Published or pending initiatives that may be the same as the one described, at most 5."""
    candidates = Initiative.objects.filter(status__in=[Status.PUBLISHED, Status.PENDING])
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    # Each way of matching reads its own index; together as a UNION (an OR would scan every row).
    matches: list[Any] = []
    if name and point is not None:
        matches.append(
            candidates.filter(point__dwithin=(point, NEARBY_BOX_DEGREES))
            .annotate(similarity=TrigramSimilarity("name", name))
            .filter(similarity__gte=SIMILAR_NAME, point__distance_lte=(point, NEARBY))
            .values("pk")
        )
    if website and normalize_website(website):
        # A loose match (another page of the same site counts), read through initiative_website_trgm.
        matches.append(candidates.filter(website__icontains=normalize_website(website)).values("pk"))
    if siret:
        matches.append(candidates.filter(siret=siret).values("pk"))
    if not matches:
        return []
    ids = matches[0].union(*matches[1:]) if len(matches) > 1 else matches[0]
    # A hint for the contributor, not a verdict.
    return list(candidates.filter(pk__in=ids).select_related("commune").order_by("name")[:5])
