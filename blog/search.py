"""The Blog contributif in the site-wide search (registered in apps.py)."""

from typing import Any

from django.utils.formats import date_format

from cresol.search.query import Found, Results, marked, matching

from .models import Post


def search(typed: str, *, theme: Any = None, departement: Any = None, pays: Any = None, limit: int = 5) -> Results:
    posts = Post.objects.published().select_related("author").defer("body_html")
    if theme:
        posts = posts.filter(themes=theme)
    if departement:  # a post about initiatives of the département
        posts = posts.filter(related_initiatives__commune__departement=departement).distinct()
    if pays:  # or of the Pays
        posts = posts.filter(related_initiatives__commune__epci__pays=pays).distinct()
    count, first = matching(posts, typed, text="lead", limit=limit)
    items = [
        Found(
            title=post.title,
            url=post.get_absolute_url(),
            extract=marked(post.headline),
            meta=f"{post.get_kind_display()} · {date_format(post.publish_at, 'j F Y')}",
        )
        for post in first
    ]
    return Results(count=count, items=items)
