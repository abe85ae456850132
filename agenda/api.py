"""The agenda in the partners' API: published events with their coming dates and the agenda's
filters, and partners' events through the organisers' form and the same moderation."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from cresol.api import tokens
from cresol.api.endpoints import Collection, register
from cresol.api.listing import TEXTS
from cresol.api.models import Scope
from cresol.api.tokens import PartnerAuth
from cresol.api.writes import LAT_LON, WRITE_PROBLEMS, JsonForm, Written, created, json_body, point_from, similar
from cresol.moderation.models import Status
from cresol.themes.models import Theme

from . import merging, services
from .filters import OccurrenceFilter
from .forms import EventForm
from .models import Event, Occurrence

DATES_SHOWN = 20


class DateOut(Schema):
    start: datetime
    end: datetime
    cancelled: bool


class EventOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    description: str
    kind: str
    themes: list[str]
    tags: list[str]
    cancelled: bool
    all_day: bool
    attendance: str
    online_url: str
    venue_name: str
    address: str
    commune: str | None
    commune_code: str | None
    lat: float | None
    lon: float | None
    organiser_name: str
    price: str
    price_details: str
    registration_url: str
    accessibility: str
    dates: list[DateOut]
    ical: str
    url: str
    updated_at: datetime


def represent(events: list[Event]) -> list[dict[str, Any]]:
    return [
        {
            "id": event.pk,
            "slug": event.slug,
            "title": event.title,
            "summary": event.summary,
            "description": event.description,
            "kind": event.kind,
            "themes": [theme.slug for theme in event.themes.all()],
            "tags": sorted(tag.name for tag in event.tags.all()),
            "cancelled": event.cancelled,
            "all_day": event.all_day,
            "attendance": event.attendance,
            "online_url": event.online_url,
            "venue_name": event.venue_name,
            "address": event.address,
            "commune": event.commune.name if event.commune else None,
            "commune_code": event.commune.code if event.commune else None,
            "lat": round(event.point.y, 6) if event.point else None,
            "lon": round(event.point.x, 6) if event.point else None,
            "organiser_name": event.organiser_name,
            "price": event.price,
            "price_details": event.price_details,
            "registration_url": event.registration_url,
            "accessibility": event.accessibility,
            "dates": [
                {"start": date.start, "end": date.end, "cancelled": date.cancelled}
                for date in event.coming_dates  # type: ignore[attr-defined]  # the prefetch's to_attr
            ],
            "ical": f"{settings.SITE_URL}/agenda/{event.slug}.ics",
            "url": settings.SITE_URL + event.get_absolute_url(),
            "updated_at": event.updated_at,
        }
        for event in events
    ]


def rows(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """The events with their next DATES_SHOWN dates (one query for all: a window per event)."""
    coming = (
        Occurrence.objects.filter(end__gte=timezone.now())
        .order_by("start", "pk")
        .only("event_id", "start", "end", "cancelled")
    )
    return (
        queryset.select_related("commune")
        .defer("description_html", "commune__geom")
        .prefetch_related(
            Prefetch("themes", Theme.objects.only("slug")),
            Prefetch("tags"),  # type: ignore[misc]  # taggit's manager, unknown to django-stubs
            Prefetch("occurrences", coming[:DATES_SHOWN], to_attr="coming_dates"),
        )
    )


class EventsOfDates(OccurrenceFilter):
    """The agenda's filters choose dates; the API lists the events that have one of them."""

    @property
    def qs(self) -> Any:
        return Event.objects.visible().filter(pk__in=super().qs.values("event_id"))


BODY = JsonForm(
    EventForm,
    renames={"commune": "commune_name"},
    joined={"tags": ", ", "excluded_dates": ", "},
    hidden=("image", "image_alt", "point"),
    extra=LAT_LON,
)


def moved_to(slug: str) -> str | None:
    """The slug of the event that absorbed a merged one (agenda/merging.py)."""
    kept = merging.replaced_by(slug)
    return kept.slug if kept is not None and kept.status == Status.PUBLISHED else None


COLLECTION = Collection(
    name="events",
    plural="les événements publiés (à venir, sauf dates demandées)",
    item=EventOut,
    licence=TEXTS,
    filterset=EventsOfDates,
    rows=rows,
    represent=represent,
    detail=Event.objects.visible,
    moved_to=moved_to,
)
router = Router(tags=["Agenda"])
register(router, COLLECTION)


@router.post(
    "/",
    auth=PartnerAuth(),
    response={201: Written},
    summary="Proposer un événement",
    description="Avec un jeton qui a le droit « evenements » : les champs du formulaire des organisateurs "
    "(day, start_time, end_time, une répétition…). Relu avant publication, sauf pour un partenaire de "
    "confiance. Un événement semblable déjà publié donne un 409 : renvoyez avec « not_a_duplicate »: true.",
    operation_id="events_create",
    openapi_extra={**BODY.request_body(), **WRITE_PROBLEMS},
)
def create(request: HttpRequest) -> Any:
    token = tokens.require(request, Scope.EVENTS)
    payload = json_body(request)
    form = BODY.bind(payload, internal=point_from(payload))
    if not form.is_valid():
        raise BODY.errors(form)
    if not form.check_duplicates():
        raise similar(
            "Événements semblables",
            "Un événement semblable existe déjà : vérifiez, puis renvoyez avec « not_a_duplicate »: true.",
            form.duplicates,
            name="title",
        )
    event = services.event_propose(
        event=form.event(by=token.account), by=token.account, publish=token.trusted, **form.labels()
    )
    return created(event)
