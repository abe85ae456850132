"""Archipel O Centre's pages: the map and its data, the list, an initiative, and the members' forms."""

from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.gis.db.models.functions import Distance
from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core import jsonld
from cresol.core.embedding import FrameSizeForm, absolute, allow_any_frame, iframe_code
from cresol.core.forms import posted, posted_files
from cresol.core.geojson import feature_collection, feature_collection_chunks
from cresol.core.listing import (
    bad_filters,
    paginate,
    paginate_ids_first,
    respond_if_changed,
    respond_with_content_etag,
)
from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit, Per
from cresol.core.spreadsheet import line_writer
from cresol.moderation.models import Status
from cresol.moderation.visibility import visible_to
from cresol.themes.models import themes_legend

from . import clusters, exports, hours, merging, services
from .filters import GeoJSONFilter, InitiativeFilter
from .forms import ChangeRequestForm, InitiativeForm, ReportForm
from .models import Initiative, InitiativeMerge, InitiativeSlug
from .reminders import ReminderTokenError, read_token

PAGE_SIZE = 24


def _map_context(request: HttpRequest, filterset: Any):
    return {
        "filter": filterset,
        "themes_legend": themes_legend(),
        "query_string": request.GET.urlencode(),
        "geojson_url": reverse("initiatives:geojson"),
    }


@shared_page
@require_safe
def map_page(request: HttpRequest) -> HttpResponseBase:
    """The full map. Its filters are a GET form, so a filtered view is a link to share."""
    filterset = InitiativeFilter(request.GET or None)
    context = _map_context(request, filterset)
    context["published_count"] = Initiative.objects.published().count()
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "initiatives/map.html", context, status=400)
    context["embed_url"] = request.build_absolute_uri(reverse("initiatives:embed"))
    return render(request, "initiatives/map.html", context)


@require_safe
@allow_any_frame
def embed(request: HttpRequest) -> HttpResponseBase:
    """The map alone, for an iframe on a partner's site: the one page that may be framed."""
    filterset = InitiativeFilter(request.GET or None)
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "initiatives/embed.html", _map_context(request, filterset), status=400)
    return render(request, "initiatives/embed.html", _map_context(request, filterset))


@shared_page
@require_safe
def embed_builder(request: HttpRequest) -> HttpResponseBase:
    """The map for a partner's site: filters and size chosen in a GET form, the preview, the code."""
    query = request.GET.copy()
    size = FrameSizeForm({name: query.pop(name, [""])[-1] for name in ("largeur", "hauteur")} if request.GET else None)
    filterset = InitiativeFilter(query or None)
    context: dict[str, Any] = {"filter": filterset, "builder": size, "api_docs": reverse("api_docs")}
    if request.GET and size.is_valid() and (not filterset.is_bound or filterset.is_valid()):
        url = absolute(reverse("initiatives:embed"), dict(query.lists()))
        context.update(
            preview_url=url,
            code=iframe_code(
                url,
                title="Carte Archipel O Centre",
                width=size.cleaned_data.get("largeur"),
                height=size.cleaned_data["hauteur"],
            ),
        )
    status = 400 if request.GET and "code" not in context else 200
    return render(request, "initiatives/embed_builder.html", context, status=status)


def _permalink_prefix() -> str:
    """/i/ : the short address of an initiative is this and its id, which never changes."""
    return reverse("initiatives:permalink", args=[0])[:-1]


# Up to this many features, the GeoJSON is one string (about 1 MB) that the page cache keeps; beyond,
# it is streamed, so that 100,000 initiatives never sit in a worker's memory at once.
STREAM_ABOVE = 5000


def map_features_response(queryset: QuerySet, rows: int) -> HttpResponse | StreamingHttpResponse:
    """The initiatives on the map: their permalink (/i/<id>, which never changes) and main theme."""
    arguments: dict[str, Any] = {
        "name": "name",
        "url": (_permalink_prefix(), "id", ""),
        "theme": "row.main_theme_id",
        "licence": "ODbL-1.0",
        "attribution": "Cré-sol et ses contributeurs — Archipel O Centre",
    }
    if rows > STREAM_ABOVE:
        chunks = feature_collection_chunks(queryset, **arguments)
        return StreamingHttpResponse(chunks, content_type="application/geo+json")
    return HttpResponse(feature_collection(queryset, **arguments), content_type="application/geo+json")


@require_safe
@gzip_page
def geojson(request: HttpRequest) -> HttpResponseBase:
    """The published initiatives as GeoJSON, with the map's filters and a bbox; cached by ETag."""
    filterset = GeoJSONFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    queryset = filterset.qs
    # Who is open changes with the clock, not only with the data: such an answer holds for a minute.
    moment = timezone.now().strftime("%Y-%m-%dT%H:%M") if filterset.form.cleaned_data.get("ouvert") else ""
    return respond_if_changed(
        request,
        queryset,
        lambda rows: map_features_response(queryset, rows),
        max_age=60,
        moment=moment,
    )


@require_safe
@gzip_page
def cluster_tile(request: HttpRequest, z: int, x: int, y: int) -> HttpResponseBase:
    """One tile of the map (z/x/y as web maps count them): clusters where initiatives are many, the
    initiatives themselves where few, with the map's filters. See clusters.py."""
    if not clusters.tile_exists(z, x, y):
        raise Http404(_("Cette portion de carte n'existe pas."))
    queryset: Any = None  # every published initiative
    if request.GET:  # building the filters costs more than an unfiltered tile's query: only when asked
        filterset = InitiativeFilter(request.GET)
        if not filterset.is_valid():
            return bad_filters(filterset)
        queryset = filterset.qs

    features = clusters.tile_features(queryset, z, x, y, url_prefix=_permalink_prefix())
    response = HttpResponse(
        f'{{"type":"FeatureCollection","features":[{features}]}}', content_type="application/geo+json"
    )
    return respond_with_content_etag(request, response)


@require_safe
def map_summary(request: HttpRequest) -> HttpResponseBase:
    """How many initiatives the filters select and the box around them: what the map says and frames."""
    filterset = InitiativeFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)

    # From the map's columns, which an index holds, rather than the points, which are in the rows.
    found = filterset.qs.order_by().aggregate(
        count=Count("pk"), west=Min("map_x"), east=Max("map_x"), north=Min("map_y"), south=Max("map_y")
    )
    bbox = None
    if found["count"]:
        bbox = [*clusters.lon_lat(found["west"], found["south"]), *clusters.lon_lat(found["east"], found["north"])]
    return respond_with_content_etag(request, JsonResponse({"count": found["count"], "bbox": bbox}))


@require_safe
def popup(request: HttpRequest, pk: int) -> HttpResponseBase:
    """What a marker shows when clicked, fetched then so the GeoJSON stays small."""
    initiative = get_object_or_404(
        Initiative.objects.published().select_related("commune").prefetch_related("themes"), pk=pk
    )
    return render(request, "initiatives/_popup.html", {"initiative": initiative})


@require_safe
def lookup(request: HttpRequest) -> HttpResponseBase:
    """`?q=` → published initiatives whose name contains it, for forms that ask for one (10 at most)."""
    query = request.GET.get("q", "").strip()[:100]
    if len(query) < 2:
        return JsonResponse({"results": []})
    initiatives = (
        Initiative.objects.published()
        .filter(name__icontains=query)
        .select_related("commune")
        .only("name", "slug", "commune__name")
        .order_by("name")[:10]
    )
    return JsonResponse({"results": [{"name": i.name, "slug": i.slug, "commune": i.commune.name} for i in initiatives]})


@require_safe
def permalink(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The short, permanent address of an initiative (used by the GeoJSON): redirects to its page."""
    initiative = Initiative.objects.published().only("slug").filter(pk=pk).first()
    if initiative is None:
        initiative = merging.replaced_by(pk)  # merged into another record: its address follows
        if initiative is None or initiative.status != Status.PUBLISHED:
            raise Http404
    return redirect(initiative, permanent=True)


@shared_page
@require_safe
def initiative_list(request: HttpRequest) -> HttpResponseBase:
    """The accessible list: the same filters as a plain form, works without JavaScript."""
    filterset = InitiativeFilter(request.GET or None)
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "initiatives/initiative_list.html", {"filter": filterset, "page_obj": None}, status=400)
    listed = Initiative.objects.for_listing().prefetch_related("themes")
    near = filterset.near_point
    by_distance = near is not None and request.GET.get("tri", "distance") == "distance"
    if by_distance:  # every distance is computed and sorted, no index helps: 210 ms at 100,000 with no radius
        queryset = filterset.qs.for_listing().prefetch_related("themes")
        queryset = queryset.annotate(distance=Distance("point", near)).order_by("distance", "name")
        page, query = paginate(request, queryset, PAGE_SIZE)
    else:  # the ids from the (name, id) index, then the page's rows
        page, query = paginate_ids_first(request, filterset.qs.order_by("name", "id"), PAGE_SIZE, listed)
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "by_distance": by_distance,
            "query_without_page": query,
        },
    )


def _visible_initiative(request: HttpRequest, slug: str):
    """The published initiative, or one not published yet for its contributor and its moderators."""
    queryset = Initiative.objects.select_related("commune__departement", "commune__epci", "main_theme")
    initiative = visible_to(request.user, queryset, slug=slug)
    if initiative is None:
        old = InitiativeSlug.objects.filter(slug=slug).select_related("initiative").first()
        if old is not None:
            return None, redirect(old.initiative, permanent=True)
        raise Http404
    return initiative, None


@shared_page
@require_safe
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    initiative, redirection = _visible_initiative(request, slug)
    if redirection:
        return redirection
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "themes": list(initiative.themes.all()),
            "tags": list(initiative.tags.all()),
            "opening": _opening(initiative),
            "jsonld": initiative_jsonld(request, initiative),
        },
    )


def _opening(initiative: Any) -> dict | None:
    """What the page says of its hours: open or closed now, and the coming seven days."""
    if not initiative.opening_hours:
        return None
    now = timezone.now()
    try:
        return {
            "status": hours.status_at(initiative.opening_hours, now),
            "days": hours.coming_days(initiative.opening_hours, timezone.localdate(now)),
        }
    except hours.HoursError:  # hours saved before they were checked are not shown rather than a 500
        return None


def initiative_jsonld(request: HttpRequest, initiative: Any) -> dict:
    commune = initiative.commune
    data = jsonld.document(
        "Organization",
        request=request,
        obj=initiative,
        name=initiative.name,
        description=initiative.summary,
        address=jsonld.postal_address(
            street=initiative.address,
            locality=commune.name,
            postal_code=commune.postal_codes[0] if commune.postal_codes else "",
            region="Centre-Val de Loire",
        ),
        location={"@type": "Place", "geo": jsonld.geo(initiative.point)},
    )
    if initiative.website:
        data["sameAs"] = [initiative.website, *initiative.social_links]
    if initiative.email:
        data["email"] = initiative.email
    if initiative.phone:
        data["telephone"] = initiative.phone
    if initiative.opening_hours and hours.is_valid(initiative.opening_hours):
        data["openingHoursSpecification"] = hours.schema_org(initiative.opening_hours)
    if initiative.founded_year:
        data["foundingDate"] = str(initiative.founded_year)
    if initiative.image:
        data["logo"] = request.build_absolute_uri(initiative.image.url)
    return data


PROPOSALS = Limit("initiative-propose", limit=10, window_seconds=3600, per=Per.MEMBER)


@verified_email_required
def propose(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    form = InitiativeForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid() and form.check_duplicates():
        if not PROPOSALS.hit(request):
            form.add_error(None, _("Vous avez proposé beaucoup d'initiatives en une heure : réessayez plus tard."))
            context = {"form": form, "duplicates": form.duplicates}
            return render(request, "initiatives/initiative_form.html", context, status=429)
        initiative = services.initiative_propose(
            data=form.cleaned_data, by=request.user, duplicate_acknowledged=bool(form.duplicates)
        )
        return redirect("initiatives:proposed", slug=initiative.slug)
    return render(request, "initiatives/initiative_form.html", {"form": form, "duplicates": form.duplicates})


@verified_email_required
def proposed(request: HttpRequest, slug: str) -> HttpResponseBase:
    initiative = get_object_or_404(Initiative, slug=slug, submitted_by=request.user)
    return render(request, "initiatives/proposed.html", {"initiative": initiative})


@verified_email_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """The contributor edits their initiative until it is published; afterwards anyone suggests changes."""
    initiative, redirection = _visible_initiative(request, slug)
    if redirection:
        return redirection
    own_unpublished = initiative.submitted_by_id == request.user.pk and initiative.status != Status.PUBLISHED
    if own_unpublished:
        form = InitiativeForm(posted(request), posted_files(request), instance=initiative)
        if request.method == "POST" and form.is_valid() and form.check_duplicates():
            services.initiative_update(initiative=initiative, data=form.cleaned_data, by=request.user)
            messages.success(request, _("Vos modifications sont enregistrées et attendent la relecture."))
            return redirect("accounts:member_space")
        return render(
            request,
            "initiatives/initiative_form.html",
            {"form": form, "initiative": initiative, "duplicates": form.duplicates},
        )
    if initiative.status != Status.PUBLISHED:
        raise Http404
    form = ChangeRequestForm(posted(request), instance=initiative)
    if request.method == "POST" and form.is_valid():
        change = services.change_request_submit(
            initiative=initiative,
            data=form.cleaned_data,
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
        if change is None:
            form.add_error(None, _("Vous n'avez rien modifié."))
        else:
            messages.success(
                request,
                _("Merci ! Vos propositions seront relues ; la fiche actuelle reste en ligne d'ici là."),
            )
            return redirect(initiative)
    return render(request, "initiatives/change_request_form.html", {"form": form, "initiative": initiative})


REPORTS = Limit("initiative-report", limit=5, window_seconds=3600)


def report(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Anyone reports a problem, without an account; bots fall in the honeypot, floods hit a limit."""
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    form = ReportForm(posted(request))
    if request.method == "POST":
        if not REPORTS.hit(request):
            form.add_error(None, _("Trop de signalements en une heure depuis cette connexion : réessayez plus tard."))
            context = {"form": form, "initiative": initiative}
            return render(request, "initiatives/report_form.html", context, status=429)
        if form.is_valid():
            if not form.is_from_a_bot:
                services.report_create(
                    initiative=initiative, **{k: form.cleaned_data[k] for k in ("reason", "comment", "email")}
                )
            messages.success(request, _("Merci, votre signalement a été transmis à l'équipe de modération."))
            return redirect(initiative)
    return render(request, "initiatives/report_form.html", {"form": form, "initiative": initiative})


def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponseBase:
    """The contact confirms the initiative is still active, from the link of the yearly e-mail."""
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    try:
        read_token(token, initiative=initiative)
    except ReminderTokenError:
        return render(request, "initiatives/confirm.html", {"initiative": initiative, "invalid": True}, status=400)
    if request.method == "POST":
        services.initiative_confirm(initiative=initiative)
        return render(request, "initiatives/confirm.html", {"initiative": initiative, "done": True})
    return render(request, "initiatives/confirm.html", {"initiative": initiative})


def _export_queryset(request: HttpRequest):
    filterset = InitiativeFilter(request.GET or None)
    if filterset.is_bound and not filterset.is_valid():
        return None, bad_filters(filterset)
    return filterset.qs, None


@require_safe
def export_csv(request: HttpRequest) -> HttpResponseBase:
    queryset, error = _export_queryset(request)
    if error:
        return error
    separator = "," if request.GET.get("sep") == "," else ";"
    rows = exports.as_csv(queryset, separator=separator)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="archipel-o-centre-initiatives.csv"'
    return response


@require_safe
def merges_csv(request: HttpRequest) -> HttpResponseBase:
    """Which id replaced which, for those who keep our ids: a record merged into another is gone from
    the exports, its address redirects to the kept one. Streamed, one query."""
    writer = line_writer(delimiter=";")
    header = ["id_fusionne", "slug_fusionne", "nom_fusionne", "remplace_par_id", "remplace_par_slug", "fusionne_le"]

    def lines() -> Any:
        yield "\ufeff" + writer.writerow(header)  # the BOM: a French spreadsheet then reads UTF-8
        merges = InitiativeMerge.objects.select_related("kept").order_by("merged_id")
        for merge in merges.iterator(2000):
            yield writer.writerow(
                [
                    merge.merged_id,
                    merge.merged_slug,
                    merge.merged_name,
                    merge.kept_id,
                    merge.kept.slug,
                    merge.merged_at.date().isoformat(),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="archipel-o-centre-fusions.csv"'
    return response


@require_safe
def export_gogocarto(request: HttpRequest) -> HttpResponseBase:
    """For GoGoCarto-based maps (Transiscope…): the published initiatives as its dynamic import reads them."""
    queryset, error = _export_queryset(request)
    if error:
        return error
    response = StreamingHttpResponse(exports.as_gogocarto(queryset), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="archipel-o-centre-gogocarto.json"'
    response["Access-Control-Allow-Origin"] = "*"  # read by aggregators' pages too: public, open data
    return response


@require_safe
def export_json(request: HttpRequest) -> HttpResponseBase:
    queryset, error = _export_queryset(request)
    if error:
        return error
    response = StreamingHttpResponse(exports.as_json(queryset), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="archipel-o-centre-initiatives.json"'
    return response
