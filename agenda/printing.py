"""The agenda on paper: an event's A4 poster (its QR code opens the event's page) and a month of a
territory's agenda, with the pages' own filters (cresol/core/printing.py draws them)."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from cresol.core.listing import bad_filters
from cresol.core.printing import image_data_uri, pdf_response, qr_code

from .filters import OccurrenceFilter
from .models import Event, Occurrence
from .recurrence import PARIS, describe, french_span
from .registrations.models import Registration
from .subscribe import calendar_name
from .views import MONTH_NAMES

# A month of a very busy agenda on paper: some twenty pages. Beyond, the PDF says to narrow the filters.
PRINTED_DATES = 400


@require_safe
def poster(request: HttpRequest, slug: str) -> HttpResponseBase:
    """An A4 poster for a published event: title, dates, place, price, how to register, a QR code."""
    event = get_object_or_404(
        Event.objects.visible().select_related("commune", "organiser_initiative", "place_initiative"), slug=slug
    )
    now = timezone.now()
    upcoming = event.occurrences.filter(end__gte=now, cancelled=False).order_by("start").first()
    shown = upcoming or event.occurrences.order_by("-start").first()
    url = settings.SITE_URL + event.get_absolute_url()
    registration = Registration.objects.filter(event=event, occurrence=None, purged_at=None).first()
    context = {
        "event": event,
        "span": french_span(shown.start, shown.end, all_day=event.all_day) if shown else "",
        "rule_text": describe(event),
        "url": url,
        "qr": qr_code(url),
        "image": image_data_uri(event.image),
        "registration": registration,
    }
    return pdf_response(request, "agenda/print/poster.html", context, filename=f"affiche-{event.slug}.pdf")


@require_safe
def month_pdf(request: HttpRequest, year: int, month: int) -> HttpResponseBase:
    """A month of the agenda with the page's filters (a département, an intercommunality, a commune,
    themes…), day by day, each date with its place and its address on the portal."""
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    first = datetime(year, month, 1, tzinfo=PARIS)
    last = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=PARIS)
    filterset = OccurrenceFilter(request.GET, now=first)
    if not filterset.is_valid():
        return bad_filters(filterset)
    dates = filterset.qs.filter(start__lt=last, end__gte=first).order_by("start", "pk").for_listing()
    listed = list(dates[: PRINTED_DATES + 1])
    days: list[tuple[Any, list[Occurrence]]] = []
    for occurrence in listed[:PRINTED_DATES]:
        day = timezone.localtime(occurrence.start).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(occurrence)
    context = {
        "title": calendar_name(filterset),
        "month_label": f"{MONTH_NAMES[month - 1]} {year}",
        "days": days,
        "truncated": len(listed) > PRINTED_DATES,
        "limit": PRINTED_DATES,
        "site_url": settings.SITE_URL,
        "printed": timezone.localdate(),
    }
    return pdf_response(request, "agenda/print/month.html", context, filename=f"agenda-{year}-{month:02d}.pdf")
