"""Agenda citoyen's pages: the upcoming dates, the month, the map, an event, its feeds and forms."""

import calendar as calendar_lib
from datetime import date, datetime, timedelta
from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core import jsonld
from cresol.core.forms import posted, posted_files
from cresol.core.geojson import points_response
from cresol.core.listing import bad_filters, paginate, respond_if_changed
from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit, Per
from cresol.moderation.models import Status
from cresol.moderation.visibility import visible_to
from cresol.themes.models import themes_legend

from . import ics, merging, services
from .filters import OccurrenceFilter
from .forms import EventChangeForm, EventForm
from .models import Attendance, Event, Occurrence
from .recurrence import PARIS, describe, french_span
from .subscribe import calendar_name, web_calendar_links

PAGE_SIZE = 30
MONTH_NAMES = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _bad_request(request: HttpRequest, template: str, filterset: Any, **context: Any):
    return render(request, template, {"filter": filterset, **context}, status=400)


@shared_page
@require_safe
def index(request: HttpRequest) -> HttpResponseBase:
    """Upcoming events grouped by the day of their next date (a series once, with its rule, so that a
    weekly workshop does not fill the page); the filters are a plain GET form."""
    filterset = OccurrenceFilter(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        return _bad_request(request, "agenda/index.html", filterset, page_obj=None)
    dates = Occurrence.objects.next_of_each_event(filterset.qs).for_listing().with_registrations()
    page, query = paginate(request, dates, PAGE_SIZE)
    days: list[Any] = []
    for occurrence in page.object_list:
        day = timezone.localtime(occurrence.start).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(occurrence)
    return render(
        request,
        "agenda/index.html",
        {"filter": filterset, "page_obj": page, "days": days, "query_without_page": query},
    )


@require_safe
def month(request: HttpRequest, year: int, month: int) -> HttpResponseBase:
    """A month as an accessible table: a row per week, a cell per day with its events."""
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    first = datetime(year, month, 1, tzinfo=PARIS)
    last = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=PARIS)
    # "Now" is the month's first day, so that the grid shows the whole month, past days included.
    filterset = OccurrenceFilter(request.GET, now=first)
    context = {
        "filter": filterset,
        "month_label": f"{MONTH_NAMES[month - 1]} {year}",
        "first": first.date(),
        "query": request.GET.urlencode(),
        "previous": (first - timedelta(days=1)).date(),
        "next": last.date(),
        "today": timezone.localdate(),
    }
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "agenda/month.html", {**context, "weeks": []}, status=400)
    context["weeks"] = month_weeks(filterset.qs, year, month)
    return render(request, "agenda/month.html", context)


MONTH_DATES = 2000  # a month of a very busy agenda; beyond, the list view pages through them


def month_weeks(occurrences: Any, year: int, month: int) -> list[list[tuple[date | None, list[Any]]]]:
    """A month as weeks from Monday, each day with its dates among `occurrences` (days of the weeks'
    other months left empty): the month page's grid and the widget's."""
    first = datetime(year, month, 1, tzinfo=PARIS)
    last = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=PARIS)
    queryset = occurrences.filter(start__lt=last, end__gte=first).order_by("start", "pk").for_listing()
    by_day: dict[date, list[Any]] = {}
    for occurrence in queryset[:MONTH_DATES]:
        by_day.setdefault(timezone.localtime(occurrence.start).date(), []).append(occurrence)
    return [
        [(day, by_day.get(day, [])) if day.month == month else (None, []) for day in week]
        for week in calendar_lib.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


@shared_page
@require_safe
def map_page(request: HttpRequest) -> HttpResponseBase:
    filterset = OccurrenceFilter(request.GET)
    status = 400 if filterset.is_bound and not filterset.is_valid() else 200
    return render(
        request,
        "agenda/map.html",
        {
            "filter": filterset,
            "query_string": request.GET.urlencode(),
            "geojson_url": reverse("agenda:geojson"),
            "themes_legend": themes_legend(),
        },
        status=status,
    )


# The first of an event's themes in the taxonomy's order: the colour of its marker.
FIRST_THEME_SQL = """SELECT link.theme_id FROM agenda_event_themes link
JOIN themes_theme theme ON theme.id = link.theme_id
WHERE link.event_id = row.id ORDER BY theme."order", theme.name LIMIT 1"""


@require_safe
@gzip_page
def geojson(request: HttpRequest) -> HttpResponseBase:
    """Upcoming on-site events as GeoJSON points, with the agenda's filters; cached by ETag."""
    filterset = OccurrenceFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    events = Event.objects.filter(pk__in=filterset.qs.values("event_id"), point__isnull=False)
    return points_response(
        request,
        events,
        detail="agenda:detail",
        name="title",
        theme=FIRST_THEME_SQL,
        licence="ODbL-1.0",
        attribution="Cré-sol et ses contributeurs — Agenda citoyen",
    )


@require_safe
def popup(request: HttpRequest, pk: int) -> HttpResponseBase:
    event = get_object_or_404(Event.objects.visible().select_related("commune"), pk=pk)
    upcoming = event.occurrences.filter(end__gte=timezone.now()).order_by("start").first()
    return render(request, "agenda/_popup.html", {"event": event, "occurrence": upcoming})


def _visible_event(request: HttpRequest, slug: str) -> Event:
    queryset = Event.objects.select_related(
        "commune__departement", "commune__epci", "organiser_initiative", "place_initiative__commune"
    )
    event = visible_to(request.user, queryset, slug=slug)
    if event is None:
        raise Http404
    return event


@shared_page
@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    try:
        event = _visible_event(request, slug)
    except Http404:
        kept = merging.replaced_by(slug)  # merged into another record: its address follows
        if kept is None or kept.status != Status.PUBLISHED:
            raise
        return redirect(kept, permanent=True)
    now = timezone.now()
    upcoming = list(event.occurrences.filter(end__gte=now).order_by("start")[:10])
    next_occurrence = upcoming[0] if upcoming else event.occurrences.order_by("-start").first()
    return render(
        request,
        "agenda/event_detail.html",
        {
            "event": event,
            "themes": list(event.themes.all()),
            "upcoming": upcoming,
            "next_occurrence": next_occurrence,
            "rule_text": describe(event),
            "span": french_span(next_occurrence.start, next_occurrence.end, all_day=event.all_day)
            if next_occurrence
            else "",
            "jsonld": event_jsonld(request, event, next_occurrence),
            "web_calendar_links": web_calendar_links(
                event, next_occurrence, event.occurrences.order_by("-start").first() if event.is_recurring else None
            ),
            # Who opens registration on the portal (and moderators); a partner's event has none of its own.
            "registration_organiser": "import" if event.source_id else event.submitted_by_id or 0,
            # Who may cancel it, if anyone: the slot shows the button to that member alone.
            "cancellable_by": event.submitted_by_id or 0
            if event.status == Status.PUBLISHED and not event.cancelled
            else 0,
        },
    )


def event_jsonld(request: HttpRequest, event: Any, occurrence: Any) -> dict:
    modes = {
        Attendance.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
        Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
        Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
    }
    cancelled = event.cancelled or (occurrence is not None and occurrence.is_cancelled)
    data = jsonld.document(
        "Event",
        request=request,
        obj=event,
        name=event.title,
        description=event.summary or event.title,
        eventStatus=f"https://schema.org/{'EventCancelled' if cancelled else 'EventScheduled'}",
        eventAttendanceMode=modes[event.attendance],
    )
    if occurrence:
        data["startDate"] = occurrence.start.astimezone(PARIS).isoformat()
        data["endDate"] = occurrence.end.astimezone(PARIS).isoformat()
    locations = []
    if event.is_on_site and (event.venue_name or event.address or event.commune_id):  # no empty Place
        place = {"@type": "Place", "name": event.venue_name or (event.commune.name if event.commune_id else "")}
        place["address"] = jsonld.postal_address(
            street=event.address, locality=event.commune.name if event.commune_id else ""
        )
        if event.point:
            place["geo"] = jsonld.geo(event.point)
        locations.append(place)
    if event.is_online and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser_label:
        data["organizer"] = {"@type": "Organization", "name": event.organiser_label}
    if event.price:  # unknown for a partner's event: said nothing of
        data["isAccessibleForFree"] = event.price != "payant"
    return data


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@shared_page
@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponseBase:
    event = get_object_or_404(Event.objects.visible().only("slug", "title"), slug=slug)
    return _ics_response(ics.calendar(Event.objects.filter(pk=event.pk), name=event.title), f"{event.slug}.ics")


ICS_WINDOW_DAYS = 90


@shared_page
@require_safe
def agenda_ics(request: HttpRequest) -> HttpResponseBase:
    """The agenda anyone can subscribe to, with the same filters as the pages.

    Without dates asked for (du, au, quand), it holds the events with a date in the next
    ICS_WINDOW_DAYS days: calendar applications refresh it every six hours, so the window moves with
    them, and the file stays small enough to serve often (a series comes whole, with its rule).
    """
    filterset = OccurrenceFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    occurrences = filterset.qs
    if not any(request.GET.get(name) for name in ("du", "au", "quand")):
        occurrences = occurrences.filter(start__lt=timezone.now() + timedelta(days=ICS_WINDOW_DAYS))
    events = Event.objects.visible().filter(pk__in=occurrences.values("event_id"))
    return respond_if_changed(
        request,
        events,
        lambda rows: _ics_response(
            ics.calendar(events.order_by("start"), name=calendar_name(filterset)), "agenda-cresol.ics"
        ),
        max_age=300,
    )


@require_safe
def subscribe(request: HttpRequest) -> HttpResponseBase:
    """How to subscribe to the agenda, with the filters chosen: the address to copy, the webcal://
    link that opens the calendar application, and the steps for the usual applications."""
    filterset = OccurrenceFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    query = request.GET.urlencode()
    address = request.build_absolute_uri(reverse("agenda:ics")) + (f"?{query}" if query else "")
    webcal = "webcal://" + address.split("://", 1)[1]
    return render(
        request,
        "agenda/subscribe.html",
        {"address": address, "webcal": webcal, "name": calendar_name(filterset), "query": query},
    )


PROPOSALS = Limit("event-propose", limit=20, window_seconds=3600, per=Per.MEMBER)


@verified_email_required
def propose(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    form = EventForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid() and form.check_duplicates():
        if not PROPOSALS.hit(request):
            form.add_error(None, _("Vous avez proposé beaucoup d'événements en une heure : réessayez plus tard."))
            return render(request, "agenda/event_form.html", {"form": form, "duplicates": form.duplicates}, status=429)
        event = services.event_propose(event=form.event(by=request.user), by=request.user, **form.labels())
        messages.success(request, _("Merci ! Votre événement attend la relecture de l'équipe de modération."))
        return redirect("agenda:proposed", slug=event.slug)
    return render(request, "agenda/event_form.html", {"form": form, "duplicates": form.duplicates})


@verified_email_required
def proposed(request: HttpRequest, slug: str) -> HttpResponseBase:
    event = get_object_or_404(Event, slug=slug, submitted_by=request.user)
    return render(request, "agenda/proposed.html", {"event": event, "rule_text": describe(event)})


@verified_email_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """The organiser edits their event until it is published; afterwards they propose changes, which
    staff apply in the admin (the page stays as it is meanwhile)."""
    event = get_object_or_404(Event, slug=slug, submitted_by=request.user)
    if event.status == Status.PUBLISHED:
        return _propose_changes(request, event)
    form = EventForm(posted(request), posted_files(request), instance=event)
    if request.method == "POST" and form.is_valid() and form.check_duplicates():
        services.event_update(event=form.event(by=request.user), by=request.user, **form.labels())
        messages.success(request, _("Vos modifications sont enregistrées."))
        return redirect("accounts:member_space")
    return render(request, "agenda/event_form.html", {"form": form, "event": event, "duplicates": form.duplicates})


def _propose_changes(request: AuthenticatedHttpRequest, event: Any):
    form = EventChangeForm(posted(request), instance=event)
    if request.method == "POST" and form.is_valid():
        change = services.event_change_request_submit(
            event=event, changes=form.proposed_changes(), comment=form.cleaned_data["comment"], by=request.user
        )
        if change is None:
            form.add_error(None, _("Vous n'avez rien modifié."))
        else:
            messages.success(
                request, _("Merci ! Vos modifications seront relues ; l'événement reste affiché tel quel d'ici là.")
            )
            return redirect(event)
    return render(request, "agenda/event_form.html", {"form": form, "event": event, "change_request": True})


@require_POST
@verified_email_required
def cancel(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The organiser cancels their published event; it stays visible, marked cancelled."""
    event = get_object_or_404(Event, slug=slug, submitted_by=request.user, status=Status.PUBLISHED)
    services.event_cancel(event=event)
    messages.success(
        request, _("L'événement est annulé : il reste affiché comme tel, et les agendas abonnés sont prévenus.")
    )
    return redirect(event)


def today_month(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    return redirect("agenda:month", year=today.year, month=today.month)
