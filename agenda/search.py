"""The Agenda citoyen in the site-wide search: events with a date to come (registered in apps.py)."""

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from cresol.search.query import Found, Results, marked, matching

from .models import Event, Occurrence


def search(typed: str, *, theme: Any = None, departement: Any = None, pays: Any = None, limit: int = 5) -> Results:
    coming = Occurrence.objects.visible().filter(end__gte=timezone.now())
    events = (
        Event.objects.visible()
        .filter(pk__in=coming.values("event_id"))
        .select_related("commune")
        .defer("commune__geom")  # the outline, wide and unused here
    )
    if theme:
        events = events.filter(themes=theme)
    if departement:
        events = events.filter(commune__departement=departement)
    if pays:
        events = events.filter(commune__epci__pays=pays)
    count, first = matching(events, typed, text="summary", limit=limit)
    items = [
        Found(
            title=event.title,
            url=event.get_absolute_url(),
            extract=marked(event.headline),
            meta=" · ".join(
                filter(
                    None,
                    [
                        date_format(timezone.localtime(event.start), "j F Y"),
                        event.commune.name if event.commune_id else "",
                    ],
                )
            ),
        )
        for event in first
    ]
    return Results(count=count, items=items)
