"""/recherche/: one search over the four sections, results grouped by section; and the OpenSearch
description that lets browsers offer the portal's search."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cresol.core.memberpages import shared_page
from cresol.core.wording import count_of
from cresol.territories import pages as territories

from . import query
from .forms import SearchForm
from .query import Results
from .registry import searched_sections

PER_SECTION = 5


def _found(results: Results, kind_one: str, kind: str) -> str:
    """ "3 initiatives", or "plus de 1 000 initiatives" past what is counted."""
    if results.capped:
        return _("plus de %(bound)s %(kind)s") % {
            "bound": number_format(query.BOUND, force_grouping=True),
            "kind": kind,
        }
    return count_of(results.count, kind_one, kind)


@shared_page
@require_safe
def search(request: HttpRequest) -> HttpResponseBase:
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "search/search.html", {"form": form}, status=400)
    typed = form.cleaned_data["q"].strip() if form.is_bound else ""
    groups = []
    if typed:
        theme, departement, pays = (form.cleaned_data[name] for name in ("theme", "departement", "pays"))
        for section in searched_sections():
            results = section.search(typed, theme=theme, departement=departement, pays=pays, limit=PER_SECTION)
            groups.append(
                {
                    "section": section,
                    "results": results,
                    "found": _found(results, section.kind_one, section.kind),
                    "more_url": section.list_url(typed, theme, departement, pays),
                }
            )
    total = sum(min(group["results"].count, query.BOUND) for group in groups)
    places = territories.named(typed) if typed else []
    context = {
        "form": form,
        "typed": typed,
        "groups": groups,
        "total": total,
        "total_capped": any(group["results"].capped for group in groups),
        "places": places,
    }
    return render(request, "search/search.html", context)


@require_safe
@cache_control(public=True, max_age=86400)
def opensearch(request: HttpRequest) -> HttpResponseBase:
    return render(
        request,
        "search/opensearch.xml",
        {"base": request.build_absolute_uri("/")[:-1]},
        content_type="application/opensearchdescription+xml",
    )
