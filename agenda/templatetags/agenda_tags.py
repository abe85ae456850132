"""Agenda blocks shown on other pages, and filters for writing dates the French way."""

from django import template
from django.db.models import Q
from django.utils import timezone

from agenda.models import Occurrence
from agenda.recurrence import describe, hour
from agenda.recurrence import french_span as _french_span

register = template.Library()


@register.filter
def french_span(occurrence) -> str:
    return _french_span(occurrence.start, occurrence.end, all_day=occurrence.event.all_day)


@register.filter
def series_rule(event) -> str:
    """ "toutes les semaines le mardi jusqu'au 26 janvier 2027", or "" for a single date."""
    return describe(event) if event.is_recurring else ""


@register.filter
def start_hour(occurrence) -> str:
    """ "18 h", "9 h 30": the start as the rest of the agenda writes hours."""
    return hour(timezone.localtime(occurrence.start))


@register.filter
def occurrence_hours(occurrence) -> str:
    if occurrence.event.all_day:
        return "Toute la journée"
    start, end = timezone.localtime(occurrence.start), timezone.localtime(occurrence.end)
    return f"{hour(start)} – {hour(end)}" if start.date() == end.date() else f"{hour(start)} (sur plusieurs jours)"


@register.inclusion_tag("agenda/_home_block.html")
def agenda_home_block(count: int = 5):
    """The home page's next events."""
    occurrences = Occurrence.objects.upcoming().select_related("event__commune")[:count]
    return {"occurrences": occurrences}


@register.inclusion_tag("agenda/_initiative_events.html")
def initiative_upcoming_events(initiative, count: int = 5):
    """An initiative's upcoming events: those it organises or hosts."""
    occurrences = (
        Occurrence.objects.upcoming()
        .filter(Q(event__organiser_initiative=initiative) | Q(event__place_initiative=initiative))
        .select_related("event")[:count]
    )
    return {"occurrences": occurrences}


@register.inclusion_tag("agenda/_theme_block.html")
def agenda_theme_block(theme, count: int = 5):
    """A theme's page: its next events, each once (a series at its next date)."""
    upcoming = Occurrence.objects.upcoming().filter(event__themes=theme)
    return {
        "theme": theme,
        "occurrences": Occurrence.objects.next_of_each_event(upcoming).for_listing()[:count],
    }


@register.inclusion_tag("agenda/_territory_block.html")
def agenda_territory_block(territory, count: int = 5):
    """A territory's page: its next events, each once."""
    upcoming = Occurrence.objects.upcoming().filter(territory.commune_lookup("event__commune__"))
    return {
        "territory": territory,
        "occurrences": Occurrence.objects.next_of_each_event(upcoming).for_listing()[:count],
    }


@register.inclusion_tag("agenda/_training_dates.html")
def resource_training_dates(events, count: int = 10):
    """A training's coming dates, for the library's page of the training (the events it points to)."""
    dates = Occurrence.objects.upcoming().filter(event__in=events, cancelled=False).for_listing()[:count]
    return {"dates": list(dates)}
