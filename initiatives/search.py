"""Archipel O Centre in the site-wide search (registered in apps.py)."""

from typing import Any

from cresol.search.query import Found, Results, marked, matching

from .models import Initiative


def search(typed: str, *, theme: Any = None, departement: Any = None, pays: Any = None, limit: int = 5) -> Results:
    # The communes' and départements' outlines are the widest columns of all, and unused here.
    initiatives = (
        Initiative.objects.published()
        .select_related("commune__departement")
        .defer("commune__geom", "commune__departement__geom")
    )
    if theme:
        initiatives = initiatives.filter(themes=theme)
    if departement:
        initiatives = initiatives.filter(commune__departement=departement)
    if pays:
        initiatives = initiatives.filter(commune__epci__pays=pays)
    count, first = matching(initiatives, typed, text="summary", limit=limit)
    items = [
        Found(
            title=initiative.name,
            url=initiative.get_absolute_url(),
            extract=marked(initiative.headline),
            meta=f"{initiative.commune.name} ({initiative.commune.departement.code})",
        )
        for initiative in first
    ]
    return Results(count=count, items=items)
