"""/observatoire/: the choropleth of initiatives by territory and theme, then every other figure; each
figure as CSV at /observatoire/<key>.csv."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from cresol.core.memberpages import shared_page
from cresol.themes.models import Theme

from . import charts
from .data import LICENCE, as_csv, observatory_tables
from .registry import figure_named, registered_figures

LEVELS = [("departement", _("Départements")), ("epci", _("Intercommunalités (EPCI)")), ("pays", _("Pays"))]


class MapForm(forms.Form):
    niveau = forms.ChoiceField(label=_("Territoires"), choices=LEVELS, required=False)
    theme = forms.ChoiceField(label=_("Thématique"), required=False)

    def __init__(self, *args, themes: Any, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Toutes les thématiques")), *((t.slug, t.name) for t in themes)]
        self.fields["theme"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField


def _territory_figure(level: str):
    return next(f for f in registered_figures() if f.kind == "territory" and f.level == level)


@shared_page
@require_safe
def observatory(request: HttpRequest) -> HttpResponseBase:
    themes = list(Theme.objects.only("slug", "name"))
    form = MapForm(request.GET or None, themes=themes)
    # A bad choice (an old link, a typed address): the whole region's map, the error beside the field.
    valid = form.is_valid() if form.is_bound else True
    chosen = form.cleaned_data if form.is_bound and valid else {}
    level, theme_slug = chosen.get("niveau") or "departement", chosen.get("theme", "")
    tables = observatory_tables()
    territory_figure = _territory_figure(level)
    table = tables[territory_figure.key]
    column = table.columns.index(theme_slug) if theme_slug in table.columns else table.columns.index("total")
    values = {row[0]: row[column] for row in table.rows}
    theme = next((t for t in themes if t.slug == theme_slug), None)
    context = {
        "form": form,
        "level": level,
        "level_name": dict(LEVELS)[level],
        "theme": theme,
        "map": charts.choropleth(level, values),
        "map_figure": territory_figure,
        "map_rows": sorted(([row[0], row[1], row[column]] for row in table.rows), key=lambda row: row[1]),
        "map_total": sum(values.values()) if not theme else None,
        "territory_figures": [f for f in registered_figures() if f.kind == "territory"],
        "sections": _sections(tables, {t.slug: t.name for t in themes}),
        "licence": LICENCE,
    }
    return render(request, "observatory/observatory.html", context, status=200 if valid else 400)


def _sections(tables: Any, theme_names: dict[str, str]) -> list[dict]:
    """Every figure but the map's, by group, with its headers (themes by name) and its chart."""
    sections: list[dict] = []
    for figure in registered_figures():
        if figure.kind == "territory":
            continue
        figure_table = tables[figure.key]
        headers = figure_table.headers or [theme_names.get(column, column) for column in figure_table.columns]
        entry = {"figure": figure, "table": figure_table, "headers": headers}
        if figure.kind == "months":
            entry["bars"] = charts.month_bars(figure_table.rows)
        if not sections or sections[-1]["group"] != figure.group:
            sections.append({"group": figure.group, "entries": []})
        sections[-1]["entries"].append(entry)
    return sections


@require_safe
def figure_csv(request: HttpRequest, key: str) -> HttpResponseBase:
    figure = figure_named(key)
    if figure is None:
        raise Http404
    response = HttpResponse(as_csv(figure, observatory_tables()[key]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cresol-{key}.csv"'
    return response
