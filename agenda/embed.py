"""The agenda on partners' sites: a JavaScript-free page for an iframe (/agenda/embed/), with the
agenda's filters, a list or a month, the partner's colour and number of dates; and the page where a
partner builds its code (/agenda/integrer/): filters and size chosen, a preview, the code to copy."""

from datetime import date, datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from cresol.core.embedding import (
    DEFAULT_COLOUR,
    ColourField,
    FrameSizeForm,
    absolute,
    allow_any_frame,
    iframe_code,
    readable,
)
from cresol.core.memberpages import shared_page

from .filters import OccurrenceFilter
from .models import Occurrence
from .recurrence import PARIS
from .views import month_weeks

LAYOUTS = [("liste", "Liste des prochaines dates"), ("mois", "Mois")]
OPTION_NAMES = ("affichage", "couleur", "nombre", "mois")


class WidgetOptions(forms.Form):
    affichage = forms.ChoiceField(label="Présentation", choices=LAYOUTS, required=False)
    couleur = ColourField(
        label="Couleur (titres et liens)", help_text="Format #1e6b52 ; assombrie si besoin pour rester lisible."
    )
    nombre = forms.IntegerField(label="Nombre de dates (liste)", min_value=1, max_value=50, required=False, initial=8)
    mois = forms.RegexField(
        label="Mois affiché",
        regex=r"^20\d\d-(0[1-9]|1[0-2])$",
        required=False,
        help_text="AAAA-MM ; vide : le mois en cours.",
        error_messages={"invalid": "Indiquez le mois sous la forme AAAA-MM, par exemple 2027-03."},
    )

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "layout": data.get("affichage") or "liste",
            "colour": readable(data.get("couleur") or DEFAULT_COLOUR),
            "count": data.get("nombre") or 8,
            "month": data.get("mois") or "",
        }


def _split(request: HttpRequest) -> tuple[Any, Any]:
    """The widget's own options apart from the agenda's filters."""
    filters = request.GET.copy()
    for name in OPTION_NAMES:
        filters.pop(name, None)
    options = {name: request.GET.get(name, "") for name in OPTION_NAMES}
    return filters, options


@require_safe
@allow_any_frame
def embed(request: HttpRequest) -> HttpResponseBase:
    """The widget itself. Links open the portal in a new tab; no script, no cookie."""
    filter_data, option_data = _split(request)
    widget = WidgetOptions(option_data)
    widget.is_valid()
    options = widget.options()  # the valid options; an invalid one falls back to its default (and a 400)
    context: dict[str, Any] = {"widget": widget, "options": options, "agenda_query": filter_data.urlencode()}
    if options["layout"] == "mois":
        today = timezone.localdate()
        year, month = (today.year, today.month)
        if options["month"]:
            year, month = (int(part) for part in options["month"].split("-"))
        filterset = OccurrenceFilter(filter_data, now=datetime(year, month, 1, tzinfo=PARIS))
        context.update(filter=filterset, month_label=date(year, month, 1), today=today)
        if filterset.is_valid() and widget.is_valid():
            context["weeks"] = month_weeks(filterset.qs, year, month)
    else:
        filterset = OccurrenceFilter(filter_data)
        context["filter"] = filterset
        if filterset.is_valid() and widget.is_valid():
            selection = Occurrence.objects.next_of_each_event(filterset.qs).for_listing()
            context["occurrences"] = list(selection[: options["count"]])
    status = 200 if filterset.is_valid() and widget.is_valid() else 400
    return render(request, "agenda/embed.html", context, status=status)


@require_safe
def embed_colour(request: HttpRequest) -> HttpResponse:
    """The partner's colour as a stylesheet: the CSP forbids style attributes, and each partner has its own."""
    field = ColourField()
    try:
        colour = readable(field.clean(request.GET.get("couleur", "")) or DEFAULT_COLOUR)
    except forms.ValidationError:
        colour = DEFAULT_COLOUR
    response = HttpResponse(f":root {{ --embed-accent: #{colour}; }}\n", content_type="text/css; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response


class AgendaBuilderForm(WidgetOptions, FrameSizeForm):
    pass


@shared_page
@require_safe
def embed_builder(request: HttpRequest) -> HttpResponseBase:
    """Filters, layout, colour and size chosen in a GET form; the preview; the code to copy."""
    filter_data, _options = _split(request)
    for name in ("largeur", "hauteur"):
        filter_data.pop(name, None)
    filterset = OccurrenceFilter(filter_data or None)
    for name, label in (("lat", "Autour d'un point : latitude"), ("lon", "Longitude")):
        filterset.form.fields[name].widget = forms.NumberInput(attrs={"step": "any"})
        filterset.form.fields[name].label = label
    builder = AgendaBuilderForm(request.GET if request.GET else None, initial={"hauteur": 500, "nombre": 8})
    context: dict[str, Any] = {
        "filter": filterset,
        "builder": builder,
        "api_docs": reverse("api_docs"),
        "ics": reverse("agenda:subscribe"),
    }
    if request.GET and builder.is_valid() and (not filterset.is_bound or filterset.is_valid()):
        data = builder.cleaned_data
        query = {**dict(filter_data.lists()), **{name: data.get(name) for name in OPTION_NAMES}}
        if query.get("couleur"):
            query["couleur"] = data["couleur"]
        url = absolute(reverse("agenda:embed"), query)
        context.update(
            preview_url=url,
            code=iframe_code(url, title="Agenda citoyen du Cré-sol", width=data.get("largeur"), height=data["hauteur"]),
        )
    status = 400 if request.GET and "code" not in context else 200
    return render(request, "agenda/embed_builder.html", context, status=status)
