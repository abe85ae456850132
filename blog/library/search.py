"""The library in the site-wide search (registered in apps.py)."""

from typing import Any

from cresol.search.query import Found, Results, marked, matching

from .models import Resource


def search(typed: str, *, theme: Any = None, departement: Any = None, pays: Any = None, limit: int = 5) -> Results:
    resources = Resource.objects.published().defer("description_html")
    if theme:
        resources = resources.filter(themes=theme)
    count, first = matching(resources, typed, text="summary", limit=limit)
    items = [
        Found(
            title=resource.title,
            url=resource.get_absolute_url(),
            extract=marked(resource.headline),
            meta=f"{resource.get_kind_display()} · {resource.author_name}",
        )
        for resource in first
    ]
    return Results(count=count, items=items)
