"""Printable PDFs: an event's poster, a territory's agenda for a month, a commune's directory of
initiatives. For a town hall, a tiers-lieu or a market, paper still reaches people a page does not.

WeasyPrint rather than the visitor's browser: the same A4 file for everyone, on any phone, with its QR
code and text that can be searched and copied; drawn on the server from our own HTML and print CSS,
with Pango (the Debian packages `make` and the Dockerfile install). It fetches nothing: the CSS comes
inline, the QR code and images as data: URIs (`NO_FETCH`), so a member's text can never make the
server open an address. segno writes the QR code as SVG, which stays sharp at any size.
"""

import base64
from functools import cache
from typing import Any

import segno
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .ratelimit import Limit

# Drawing a PDF takes a moment (the first of a process, WeasyPrint's import: 2.4 s): the page cache
# keeps each one until what it shows changes, and one address may have this many drawn in a minute.
PRINTS = Limit("print-pdf", limit=30, window_seconds=60)

PRINT_CSS = "css/print-pdf.css"
# Medium correction: a poster folded, stained or taped to a door still scans.
QR_ERROR = "m"


@cache
def _stylesheet() -> str:
    path = finders.find(PRINT_CSS)
    assert isinstance(path, str), PRINT_CSS
    with open(path, encoding="utf-8") as file:
        return file.read()


def qr_code(url: str) -> str:
    """The QR code of `url`, as an SVG data: URI for an <img>."""
    return str(segno.make(url, error=QR_ERROR, micro=False).svg_data_uri(scale=4, border=2))


def image_data_uri(field: Any, *, max_bytes: int = 2_000_000) -> str:
    """An uploaded image (already checked and re-encoded when it was uploaded) as a data: URI, or ""."""
    if not field:
        return ""
    try:
        with field.open("rb") as file:
            content = file.read(max_bytes + 1)
    except OSError:
        return ""
    if len(content) > max_bytes:
        return ""
    kind = "png" if content[:8] == b"\x89PNG\r\n\x1a\n" else "webp" if content[8:12] == b"WEBP" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(content).decode('ascii')}"


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any], *, filename: str) -> HttpResponse:
    """The template drawn as an A4 PDF, opened in the browser (inline) under `filename`."""
    import weasyprint  # here: importing it costs every process 2.4 s, and few requests print

    if not PRINTS.hit(request):
        message = _(
            "Beaucoup de documents à imprimer en une minute depuis cette connexion : réessayez dans un instant."
        )
        return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    html = render_to_string(template, {**context, "print_css": _stylesheet()}, request=request)
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=fetcher)
    response = HttpResponse(document.write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
