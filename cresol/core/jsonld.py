"""schema.org JSON-LD of the detail pages (search engines, partners' crawlers): the frame every
section's builder starts from, and the pieces two sections describe the same way."""

from typing import Any

from django.http import HttpRequest


def document(kind: str, *, request: HttpRequest, obj: Any, **fields: Any) -> dict[str, Any]:
    """The frame: context, type and the page's absolute address, then the section's own fields."""
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "url": request.build_absolute_uri(obj.get_absolute_url()),
        **fields,
    }


def geo(point: Any) -> dict[str, Any]:
    return {"@type": "GeoCoordinates", "latitude": round(point.y, 6), "longitude": round(point.x, 6)}


def postal_address(
    *, street: str = "", locality: str = "", postal_code: str | None = None, region: str = ""
) -> dict[str, Any]:
    address = {"@type": "PostalAddress", "streetAddress": street, "addressLocality": locality}
    if postal_code is not None:
        address["postalCode"] = postal_code
    if region:
        address["addressRegion"] = region
    address["addressCountry"] = "FR"
    return address
