"""The network's activity figures in the admin, for staff, each downloadable as CSV (see reports.py)."""

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .data import LICENCE, as_csv
from .reports import MONTHS, REPORTS, report_named


def staff_reports(request: HttpRequest) -> HttpResponse:
    """Every figure, computed now: one query each."""
    figures = [(figure, figure.compute()) for figure in REPORTS]
    context = {
        **admin.site.each_context(request),
        "title": _("Statistiques du réseau"),
        "figures": figures,
        "months": MONTHS,
        "licence": LICENCE,
    }
    return TemplateResponse(request, "admin/observatory/reports.html", context)


def staff_report_csv(request: HttpRequest, key: str) -> HttpResponse:
    figure = report_named(key)
    if figure is None:
        raise Http404
    response = HttpResponse(as_csv(figure, figure.compute()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cresol-{figure.key}.csv"'
    return response
