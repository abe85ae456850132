"""The agenda's blocks on the pages it does not own (cresol.core.blocks): the home page, a theme's, a
territory's, an initiative's. Registered in AgendaConfig.ready()."""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cresol.core.blocks import Block, Place, register

from .models import Occurrence


def home(count: int = 5) -> dict:
    """The home page's next events."""
    return {"occurrences": Occurrence.objects.upcoming().select_related("event__commune")[:count]}


def of_initiative(initiative: Any, count: int = 5) -> dict:
    """An initiative's upcoming events: those it organises or hosts."""
    occurrences = (
        Occurrence.objects.upcoming()
        .filter(Q(event__organiser_initiative=initiative) | Q(event__place_initiative=initiative))
        .select_related("event")[:count]
    )
    return {"occurrences": occurrences}


def of_theme(theme: Any, count: int = 5) -> dict:
    """A theme's page: its next events, each once (a series at its next date)."""
    upcoming = Occurrence.objects.upcoming().filter(event__themes=theme)
    return {"theme": theme, "occurrences": Occurrence.objects.next_of_each_event(upcoming).for_listing()[:count]}


def of_territory(territory: Any, count: int = 5) -> dict:
    """A territory's page: its next events, each once."""
    upcoming = Occurrence.objects.upcoming().filter(territory.commune_lookup("event__commune__"))
    return {
        "territory": territory,
        "occurrences": Occurrence.objects.next_of_each_event(upcoming).for_listing()[:count],
    }


def register_blocks() -> None:
    register(
        Block(
            Place.HOME,
            "agenda",
            "agenda/_home_block.html",
            home,
            order=20,
            title=_("Agenda citoyen"),
            introduction=_(
                "Les ateliers, formations, marchés et rencontres près de chez vous, à ajouter à votre propre agenda."
            ),
        )
    )
    register(Block(Place.THEME, "agenda", "agenda/_theme_block.html", of_theme, order=20))
    register(Block(Place.TERRITORY, "agenda", "agenda/_territory_block.html", of_territory, order=20))
    register(Block(Place.INITIATIVE, "agenda", "agenda/_initiative_events.html", of_initiative, order=20))
