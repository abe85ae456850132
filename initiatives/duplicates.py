"""Possible duplicates of an initiative being proposed: similar name nearby, same website or SIRET."""

from django.contrib.gis.measure import D
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q

from cresol.moderation.models import Status

from .models import Initiative

NEARBY = D(km=2)
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


def possible_duplicates(*, name: str, point=None, website: str = "", siret: str = "", exclude_pk=None):
    """Published or pending initiatives that may be the same as the one described, at most 5."""
    candidates = Initiative.objects.filter(status__in=[Status.PUBLISHED, Status.PENDING])
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    match = Q(pk__in=[])
    if name and point is not None:
        similar = (
            candidates.annotate(similarity=TrigramSimilarity("name", name))
            .filter(similarity__gte=SIMILAR_NAME, point__distance_lte=(point, NEARBY))
            .values("pk")
        )
        match |= Q(pk__in=similar)
    if website and normalize_website(website):
        match |= Q(website__icontains=normalize_website(website))
    if siret:
        match |= Q(siret=siret)
    # A hint for the contributor, not a verdict: a loose website match is fine here.
    return list(candidates.filter(match).select_related("commune").order_by("name")[:5])
