"""Finding an address in Centre-Val de Loire with France's Base Adresse Nationale (BAN), so that typing
it places the point. The server calls the service (the address is the portal's setting, never the
visitor's), with a short timeout, and keeps only the region's answers."""

import logging

import httpx
from django.conf import settings

logger = logging.getLogger(__name__)

REGION_DEPARTEMENTS = ("18", "28", "36", "37", "41", "45")
TIMEOUT = httpx.Timeout(3.0, connect=2.0)


class AddressSearchUnavailable(Exception):
    """The service did not answer well; the person places the point by commune or by hand."""


def find_addresses(typed: str, *, commune_code: str = "", limit: int = 5) -> list[dict]:
    """The region's addresses matching `typed`, best first: label, lat, lon and the commune."""
    params: dict[str, str | int] = {"q": typed, "limit": limit * 2, "autocomplete": 0}
    if commune_code:
        params["citycode"] = commune_code
    try:
        response = httpx.get(settings.ADDRESS_SEARCH_URL, params=params, timeout=TIMEOUT)
        response.raise_for_status()
        features = response.json()["features"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
        logger.warning("Address search failed: %s", error)
        raise AddressSearchUnavailable from error
    found = []
    for feature in features:
        try:
            properties, (lon, lat) = feature["properties"], feature["geometry"]["coordinates"]
            code = str(properties["citycode"])
        except (KeyError, TypeError, ValueError):
            continue
        if code[:2] not in REGION_DEPARTEMENTS:
            continue
        found.append(
            {
                "label": str(properties.get("label", ""))[:200],
                "lat": round(float(lat), 6),
                "lon": round(float(lon), 6),
                "commune_code": code,
                "commune": str(properties.get("city", ""))[:150],
            }
        )
        if len(found) == limit:
            break
    return found
