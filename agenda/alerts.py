"""The agenda for the alerts (cresol.alerts): the events newly published, placed in their commune (an
online event has none: it matches alerts without a territory). Registered in AgendaConfig.ready()."""

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cresol.alerts.registry import AlertItem, AlertSource, alert_rows, commune_array

from . import ics
from .models import Event


def describe(ids: list[int]) -> dict[int, AlertItem]:
    found = (
        Event.objects.filter(pk__in=ids)
        .select_related("commune")
        .only("title", "slug", "summary", "published_at", "commune__name")
        .annotate(next_start=Min("occurrences__start", filter=_upcoming()))
    )
    items = {}
    for event in found:
        when = date_format(timezone.localtime(event.next_start), "l j F Y") if event.next_start else ""
        where = event.commune.name if event.commune is not None else "en ligne"
        detail = f"{when}, {where}" if when else where
        items[event.pk] = AlertItem(event.title, event.get_absolute_url(), detail, event.published_at, event.summary)
    return items


def _upcoming() -> Q:
    return Q(occurrences__end__gte=timezone.now())


def calendar(ids: list[int]) -> bytes:
    return ics.calendar(Event.objects.filter(pk__in=ids), name="Cré-sol — mon alerte")


SOURCE = AlertSource(
    key="agenda",
    name=_("Agenda citoyen"),
    what=_("les nouveaux événements"),
    short=_("événements"),
    list_url="agenda:index",
    rows=lambda: alert_rows(Event.objects.visible(), communes=commune_array("commune_id")),
    describe=describe,
    ical=calendar,
    order=20,
)
