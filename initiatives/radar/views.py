"""The radar's pages: the grid presented, an initiative's history (its contributor only), the form,
publication on the initiative's page, the exports."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted
from cresol.moderation.models import Status
from initiatives.models import Initiative

from . import exports, services
from .chart import MAX_SERIES, radar_chart
from .forms import AssessmentForm
from .models import Assessment, Grid


def _current_grid():
    grid = Grid.objects.current()
    if grid is None:
        raise Http404(_("Le radar n'a pas encore de grille en service."))
    return Grid.objects.prefetch_related("axes__questions").get(pk=grid.pk)


def _assessable(request: HttpRequest, slug: str) -> Initiative:
    """The published initiative whose radar the member may fill and read; 403 for anyone else."""
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    if not services.may_assess(request.user, initiative):
        raise PermissionDenied(_("Seule la personne qui a inscrit l'initiative (et l'équipe) remplit son radar."))
    return initiative


def history_charts(assessments: Any) -> list[dict]:
    """One chart per grid version the initiative answered, its latest dates overlaid (a grid's change
    starts a new chart: other questions are not compared with the earlier ones)."""
    by_grid: dict[int, dict] = {}
    for assessment in assessments:
        entry = by_grid.setdefault(assessment.grid_id, {"grid": assessment.grid, "assessments": []})
        entry["assessments"].append(assessment)
    charts = []
    for entry in sorted(by_grid.values(), key=lambda entry: -entry["grid"].version):
        grid, axes = entry["grid"], list(entry["grid"].axes.all())
        shown = entry["assessments"][-MAX_SERIES:]
        series = [(f"{assessment.filled_on:%d/%m/%Y}", assessment.scores) for assessment in shown]
        rows = [(axis, [a.scores[i] if i < len(a.scores) else None for a in shown]) for i, axis in enumerate(axes)]
        charts.append(
            {
                "grid": grid,
                "axes": axes,
                "chart_id": f"radar-v{grid.version}",
                "shown": shown,
                "rows": rows,
                "chart": radar_chart([axis.short_name for axis in axes], series),
                "assessments": entry["assessments"],
            }
        )
    return charts


@require_safe
def radar_home(request: HttpRequest) -> HttpResponseBase:
    grid = Grid.objects.current()
    if grid is not None:
        grid = Grid.objects.prefetch_related("axes__questions").get(pk=grid.pk)
    own = []
    if request.user.is_authenticated:
        own = list(
            Initiative.objects.published()
            .filter(submitted_by=request.user)
            .order_by("name")
            .only("name", "slug")
            .annotate(last_radar=Max("radar_assessments__filled_on"))
        )
    return render(request, "radar/home.html", {"grid": grid, "own": own})


@login_required
@require_safe
def initiative_radar(request: HttpRequest, slug: str) -> HttpResponseBase:
    initiative = _assessable(request, slug)
    assessments = list(Assessment.objects.of(initiative).prefetch_related("grid__axes"))
    return render(
        request,
        "radar/history.html",
        {"initiative": initiative, "charts": history_charts(assessments), "count": len(assessments)},
    )


@login_required
def fill(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    initiative = _assessable(request, slug)
    grid = _current_grid()
    form = AssessmentForm(posted(request), grid=grid)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_fill(initiative=initiative, grid=grid, answers=form.answers(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Votre radar est enregistré. Il reste privé tant que vous ne le publiez pas."))
            return redirect("radar:initiative", slug=initiative.slug)
    return render(request, "radar/form.html", {"initiative": initiative, "grid": grid, "form": form})


@login_required
@require_POST
def set_public(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponseBase:
    initiative = _assessable(request, slug)
    assessment = get_object_or_404(Assessment, pk=pk, initiative=initiative)
    public = request.POST.get("public") == "1"
    services.assessment_set_public(assessment=assessment, public=public, by=request.user)
    if public:
        messages.success(
            request, _("Le radar du %s est affiché sur la fiche de l'initiative.") % f"{assessment.filled_on:%d/%m/%Y}"
        )
    else:
        messages.success(request, _("Le radar du %s est de nouveau privé.") % f"{assessment.filled_on:%d/%m/%Y}")
    return redirect("radar:initiative", slug=initiative.slug)


@login_required
@require_safe
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    initiative = _assessable(request, slug)
    assessments = Assessment.objects.of(initiative)
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(assessments), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_json(assessments, initiative=initiative), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="radar-{initiative.slug}.{fmt}"'
    return response


def public_radar_of(initiative: Any) -> dict | None:
    """The latest radar its contributor published, for the initiative's page (2 queries), else None."""
    if initiative.status != Status.PUBLISHED:
        return None
    assessment = (
        Assessment.objects.filter(initiative=initiative, public=True)
        .select_related("grid")
        .prefetch_related("grid__axes")
        .order_by("-filled_on", "-id")
        .first()
    )
    if assessment is None:
        return None
    return history_charts([assessment])[0]
