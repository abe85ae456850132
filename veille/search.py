"""The Veille partagée in the site-wide search: the shares (registered in apps.py)."""

from typing import Any

from django.utils.formats import date_format

from cresol.search.query import Found, Results, marked, matching

from .models import Share


def search(typed: str, *, theme: Any = None, departement: Any = None, pays: Any = None, limit: int = 5) -> Results:
    if departement or pays:  # the watch is not placed: a search on a territory leaves it out
        return Results()
    shares = Share.objects.published()
    if theme:
        shares = shares.filter(themes=theme)
    count, first = matching(shares, typed, text="comment", limit=limit)
    items = [
        Found(
            title=share.title,
            url=share.get_absolute_url(),
            extract=marked(share.headline),
            meta=date_format(share.published_at, "j F Y") if share.published_at else "",
        )
        for share in first
    ]
    return Results(count=count, items=items)
