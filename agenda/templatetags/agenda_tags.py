"""Filters for writing dates the French way, and the training dates the library's pages show (the agenda's
blocks on other pages: blocks.py)."""

from typing import Any

from django import template
from django.utils import timezone

from agenda.models import Occurrence
from agenda.recurrence import describe, hour
from agenda.recurrence import french_span as _french_span

register = template.Library()


@register.filter
def french_span(occurrence: Any) -> str:
    return _french_span(occurrence.start, occurrence.end, all_day=occurrence.event.all_day)


@register.filter
def series_rule(event: Any) -> str:
    """ "toutes les semaines le mardi jusqu'au 26 janvier 2027", or "" for a single date."""
    return describe(event) if event.is_recurring else ""


@register.filter
def start_hour(occurrence: Any) -> str:
    """ "18 h", "9 h 30": the start as the rest of the agenda writes hours."""
    return hour(timezone.localtime(occurrence.start))


@register.filter
def occurrence_hours(occurrence: Any) -> str:
    if occurrence.event.all_day:
        return "Toute la journée"
    start, end = timezone.localtime(occurrence.start), timezone.localtime(occurrence.end)
    return f"{hour(start)} – {hour(end)}" if start.date() == end.date() else f"{hour(start)} (sur plusieurs jours)"


@register.inclusion_tag("agenda/_training_dates.html")
def resource_training_dates(events: Any, count: int = 10) -> dict[str, Any]:
    """A training's coming dates, for the library's page of the training (the events it points to)."""
    dates = Occurrence.objects.upcoming().filter(event__in=events, cancelled=False).for_listing()[:count]
    return {"dates": list(dates)}
