"""The cooperations in the site-wide search (registered in apps.py): the open ones."""

from typing import Any

from cresol.search.query import Found, Results, marked, matching
from cresol.territories.models import Commune

from .models import Cooperation


def search(typed: str, *, theme: Any = None, departement: Any = None, pays: Any = None, limit: int = 5) -> Results:
    cooperations = Cooperation.objects.current().select_related("commune").defer("commune__geom", "reach")
    if theme:
        cooperations = cooperations.filter(themes=theme)
    if departement:
        cooperations = cooperations.reaching(Commune.objects.filter(departement=departement))
    if pays:
        cooperations = cooperations.reaching(Commune.objects.filter(epci__pays=pays))
    count, first = matching(cooperations, typed, text="description", limit=limit)
    items = [
        Found(
            title=f"{cooperation.get_direction_display()} : {cooperation.title}",
            url=cooperation.get_absolute_url(),
            extract=marked(cooperation.headline),
            meta=f"{cooperation.get_kind_display()} · {cooperation.commune.name}",
        )
        for cooperation in first
    ]
    return Results(count=count, items=items)
