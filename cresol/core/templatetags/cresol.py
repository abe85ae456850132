"""Template helpers shared by every section."""

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import _json_script_escapes, format_html  # type: ignore[attr-defined]
from django.utils.safestring import mark_safe

from cresol.core.blocks import Place, blocks_for
from cresol.core.memberpages import render_slot_in_page

register = template.Library()


@register.simple_tag
def url_with_id(name: str) -> str:
    """A URL pattern's address with {id} where its number goes, for a script to fill in (a map's popup
    of each marker): the script takes every address from the page, none written in it."""
    return reverse(name, args=[0]).replace("/0/", "/{id}/")


@register.simple_tag(takes_context=True)
def blocks(context: Any, place: str, subject: Any = None) -> str:
    """Every section's block for this place of the page (cresol.core.blocks), in order: on the home
    page each in its card, with its title and introduction. Rendered as inclusion tags are, from the
    block's own context alone — but for « Mon espace », a member's own page, whose blocks hold forms
    (the request gives them their CSRF token)."""
    request = context.get("request") if place == Place.MEMBER else None
    parts = []
    for block in blocks_for(place):
        values = block.context() if subject is None else block.context(subject)
        content = render_to_string(block.template, values, request=request)
        if place == Place.HOME:
            content = render_to_string("core/_home_card.html", {"block": block, "content": content})
        parts.append(content)
    return mark_safe("".join(parts))  # noqa: S308 - templates the sections own, escaped by the engine


@register.simple_tag(takes_context=True)
def member_slot(context: Any, name: str, *args: Any) -> str:
    """A part of a shared page that is each member's own (cresol.core.memberpages)."""
    return mark_safe(render_slot_in_page(name, context, args))  # noqa: S308 - a template, escaped by the engine


@register.filter
def jsonld(data: Any) -> str:
    """schema.org data as <script type="application/ld+json">, escaped like json_script.

    Browsers never run this script type, so it passes the strict CSP.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.filter
def split_words(value: str) -> list[str]:
    """`"a b c"|split_words`: a list of the words, to loop over names written in a template."""
    return value.split()


@register.filter
def field(form: Any, name: str) -> Any:
    """form|field:name: a form's field by a name held in a variable; None if this form has none of it
    (includes/_field.html then renders nothing)."""
    return form[name] if name in form.fields else None


@register.filter
def active_filter_count(filterset: Any) -> int:
    """How many filters of a list are set (the page number aside): shown on the phone's "Filtrer"
    button, and a panel with filters set stays open."""
    data = filterset.data or {}

    def values(name: str) -> list[Any]:
        return data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]

    return sum(1 for name in filterset.form.fields if any(str(value or "").strip() for value in values(name)))


@register.simple_tag(takes_context=True)
def alert_link(context: Any, source: str) -> str:
    """ "Me prévenir": a link to make an alert of this page's filters (its query string, page aside)."""
    from django.utils.translation import gettext as _

    query = context["request"].GET.copy()
    query.pop("page", None)
    query["source"] = source
    url = f"{reverse('alerts:create')}?{query.urlencode()}"
    return format_html('<a class="alert-link" href="{}">{}</a>', url, _("Me prévenir"))
