"""/cooperations/: the open needs and offers (a list and a map), one with its answer form and its
"peut-être complémentaire" suggestions, and the member's own: posting, changing, marking fulfilled."""

from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted
from cresol.core.geojson import points_response
from cresol.core.listing import bad_filters, paginate
from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit, Per
from cresol.moderation.visibility import can_moderate, visible_to
from cresol.themes.models import themes_legend

from . import exports, services
from .filters import CooperationFilter
from .forms import AnswerForm, CooperationForm, initial_of
from .models import Cooperation

PAGE_SIZE = 24
# Answers a visitor may send in an hour, from one address; a member, from one account.
ANSWERS = Limit("cooperation-answer", limit=5, window_seconds=3600, per=Per.MEMBER_OR_ADDRESS)
# Announcements a member may post in a day: enough for a collective, too few to flood the moderators.
POSTS = Limit("cooperation-post", limit=10, window_seconds=86400, per=Per.MEMBER_OR_ADDRESS)
FIRST_THEME_SQL = """SELECT link.theme_id FROM cooperations_cooperation_themes link
JOIN themes_theme theme ON theme.id = link.theme_id
WHERE link.cooperation_id = row.id ORDER BY theme."order", theme.name LIMIT 1"""


@shared_page
@require_safe
def cooperation_list(request: HttpRequest) -> HttpResponseBase:
    """The open needs and offers matching the filters, as a list and on a map beside it."""
    filterset = CooperationFilter(request.GET or None)
    context = {"filter": filterset, "query_string": request.GET.urlencode(), "themes_legend": themes_legend()}
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "cooperations/list.html", {**context, "page_obj": None}, status=400)
    listed = filterset.qs.for_listing().order_by("-published_at", "-pk")
    page, query = paginate(request, listed, PAGE_SIZE)
    return render(request, "cooperations/list.html", {**context, "page_obj": page, "query_without_page": query})


@require_safe
@gzip_page
def geojson(request: HttpRequest) -> HttpResponseBase:
    """The open cooperations as GeoJSON points (their commune), with the list's filters."""
    filterset = CooperationFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    return points_response(
        request,
        filterset.qs,
        detail="cooperations:detail",
        name="title",
        theme=FIRST_THEME_SQL,
        licence="CC-BY-SA-4.0",
        attribution="Cré-sol et ses membres — Coopérations",
    )


@require_safe
def popup(request: HttpRequest, pk: int) -> HttpResponseBase:
    cooperation = get_object_or_404(Cooperation.objects.current().for_listing(), pk=pk)
    return render(request, "cooperations/_popup.html", {"cooperation": cooperation})


def _export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    filterset = CooperationFilter(request.GET)
    if not filterset.is_valid():
        return bad_filters(filterset)
    if fmt == "csv":
        response = StreamingHttpResponse(exports.as_csv(filterset.qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="cresol-cooperations.csv"'
    else:
        response = StreamingHttpResponse(exports.as_json(filterset.qs), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="cresol-cooperations.json"'
        response["Access-Control-Allow-Origin"] = "*"  # open data, read by partners' pages too
    return response


@require_safe
def export_csv(request: HttpRequest) -> HttpResponseBase:
    return _export(request, "csv")


@require_safe
def export_json(request: HttpRequest) -> HttpResponseBase:
    return _export(request, "json")


def _visible(request: HttpRequest, slug: str) -> Cooperation:
    queryset = Cooperation.objects.select_related(
        "commune__departement", "commune__epci", "pays", "initiative", "submitted_by"
    ).prefetch_related("themes")
    cooperation = visible_to(request.user, queryset, slug=slug)
    if cooperation is None:
        raise Http404
    return cooperation


def _is_author(request: HttpRequest, cooperation: Cooperation) -> bool:
    return request.user.is_authenticated and cooperation.submitted_by_id == request.user.pk


def cooperation_detail(request: HttpRequest, slug: str) -> HttpResponseBase:
    """One need or offer, the form to answer it (relayed to its author) and what may complement it."""
    cooperation = _visible(request, slug)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.display_name, "email": request.user.email}
    form = AnswerForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if not cooperation.is_open:
            raise Http404
        if not ANSWERS.hit(request):
            form.add_error(None, _("Vous avez envoyé beaucoup de messages en une heure : réessayez plus tard."))
            status = 429
        elif form.is_valid():
            if not form.is_from_a_bot:
                services.cooperation_answer(
                    cooperation=cooperation,
                    sender_name=form.cleaned_data["name"],
                    sender_email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                )
            messages.success(request, _("Votre réponse est transmise. La suite se passera dans votre boîte e-mail."))
            return redirect(cooperation)
        else:
            status = 400
    context = {
        "cooperation": cooperation,
        "form": form,
        "is_author": _is_author(request, cooperation),
        "suggestions": services.complementary(cooperation) if cooperation.is_open else [],
    }
    return render(request, "cooperations/detail.html", context, status=status)


def _editable(request: AuthenticatedHttpRequest, slug: str) -> Cooperation:
    cooperation = get_object_or_404(Cooperation.objects.select_related("commune"), slug=slug)
    if not (_is_author(request, cooperation) or can_moderate(request.user, Cooperation)):
        raise PermissionDenied(_("Seule la personne qui a publié cette annonce (et l'équipe) peut la modifier."))
    return cooperation


def _saved_message(saved: Cooperation) -> str:
    if saved.is_published:
        return _("Votre annonce est à jour.")
    return _("Merci ! Votre annonce est envoyée à l'équipe de modération : elle sera publiée après relecture.")


def _form_page(request: AuthenticatedHttpRequest, cooperation: Cooperation | None) -> HttpResponseBase:
    author = cooperation.submitted_by if cooperation and cooperation.submitted_by else request.user
    initial: dict[str, Any] = initial_of(cooperation) if cooperation else {}
    if cooperation is None and request.GET.get("initiative", "").isdigit():
        initial["initiative"] = int(request.GET["initiative"])
    form = CooperationForm(posted(request), initial=initial, author=author)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if cooperation is None and not POSTS.hit(request):
            form.add_error(None, _("Vous avez publié beaucoup d'annonces aujourd'hui : réessayez demain."))
            status = 429
        else:
            try:
                saved = services.cooperation_save(author=author, data=form.cleaned_data, cooperation=cooperation)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _saved_message(saved))
                return redirect(saved)
    return render(request, "cooperations/form.html", {"form": form, "cooperation": cooperation}, status=status)


@verified_email_required
def propose(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    return _form_page(request, None)


@verified_email_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    return _form_page(request, _editable(request, slug))


@verified_email_required
@require_POST
def set_fulfilled(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """The author says it is fulfilled (it leaves the lists), or reopens it."""
    cooperation = _editable(request, slug)
    fulfilled = request.POST.get("pourvue") == "1"
    services.cooperation_set_fulfilled(cooperation=cooperation, fulfilled=fulfilled)
    if fulfilled:
        messages.success(request, _("Bravo ! L'annonce est marquée comme pourvue : elle quitte les listes."))
    else:
        messages.success(request, _("L'annonce est de nouveau ouverte aux réponses."))
    return redirect(cooperation)
