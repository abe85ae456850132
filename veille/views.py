"""Veille partagée's pages: the watch, deadlines, weeks, sources, sharing, the veilleurs' box, and the
links of the former weekly digest (now a weekly alert)."""

from datetime import date, timedelta
from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.fetch import FetchError, check_address
from cresol.core.listing import paginate
from cresol.core.memberpages import shared_page
from cresol.core.ratelimit import Limit, Per
from cresol.moderation.models import Status
from cresol.themes.models import Theme

from . import services, weeks
from .filters import ShareFilter
from .forms import ItemShareForm, ShareForm
from .models import Item, Share, Source
from .preview import page_preview

PAGE_SIZE = 20


@shared_page
@require_safe
def index(request: HttpRequest) -> HttpResponseBase:
    filterset = ShareFilter(request.GET)
    if not filterset.is_valid():
        return render(request, "veille/index.html", {"filter": filterset, "page_obj": None}, status=400)
    page, query = paginate(request, filterset.qs.order_by("-published_at", "-pk").for_listing(), PAGE_SIZE)
    return render(request, "veille/index.html", {"filter": filterset, "page_obj": page, "query": query})


@require_safe
def deadlines(request: HttpRequest) -> HttpResponseBase:
    """Open calls with a deadline, soonest first."""
    shares = (
        Share.objects.published().filter(deadline__gte=timezone.localdate()).order_by("deadline", "pk").for_listing()
    )
    page, _query = paginate(request, shares, PAGE_SIZE)
    return render(request, "veille/deadlines.html", {"page_obj": page})


@require_safe
def week(request: HttpRequest, year: int, number: int) -> HttpResponseBase:
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError as error:
        raise Http404 from error
    name = f"{year}-W{number:02d}"
    shares = weeks.shares_of_week(name).for_listing()
    return render(
        request,
        "veille/week.html",
        {
            "shares": shares,
            "week": name,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": weeks.iso_week(monday - timedelta(days=7)),
            "next": weeks.iso_week(monday + timedelta(days=7)),
        },
    )


@require_safe
def this_week(request: HttpRequest) -> HttpResponseBase:
    return redirect("veille:week", name=weeks.iso_week(timezone.localdate()))


@require_safe
def week_by_name(request: HttpRequest, name: str) -> HttpResponseBase:
    try:
        year, number = name.split("-W")
        return week(request, int(year), int(number))
    except ValueError as error:
        raise Http404 from error


@require_safe
def sources(request: HttpRequest) -> HttpResponseBase:
    items = Source.objects.filter(active=True).prefetch_related("themes")
    return render(request, "veille/sources.html", {"sources": items})


@require_safe
def sources_opml(request: HttpRequest) -> HttpResponseBase:
    items = Source.objects.filter(active=True).order_by("name")
    body = render_to_string("veille/sources.opml", {"sources": items, "now": timezone.now()})
    response = HttpResponse(body, content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="cresol-veille-sources.opml"'
    return response


SHARES = Limit("veille-share", limit=30, window_seconds=3600, per=Per.MEMBER)
PREVIEWS = Limit("veille-preview", limit=20, window_seconds=3600, per=Per.MEMBER)


def _already_shared_notice(url: str, user: Any) -> str:
    """Says the link is known, naming it only when the member may see that share."""
    existing = services.already_shared(url)
    if existing is None:
        return ""
    if existing.status == Status.PUBLISHED:
        return _("Ce lien a déjà été partagé : « %(title)s ».") % {"title": existing.title}
    if existing.submitted_by_id == user.pk:
        return _("Vous avez déjà proposé ce lien : « %(title)s ». Il attend la relecture.") % {"title": existing.title}
    return _("Ce lien a déjà été proposé par un autre membre et attend la relecture.")


@verified_email_required
def share(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Share a link. `?url=` (from the bookmarklet) pre-fills the title and description from the page."""
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            if not SHARES.hit(request):
                form.add_error(None, _("Vous avez partagé beaucoup de liens en une heure : réessayez plus tard."))
                return render(request, "veille/share_form.html", {"form": form}, status=429)
            data = form.cleaned_data
            try:
                check_address(data["url"], allow_unresolvable=True)
            except FetchError as error:
                form.add_error("url", _("Cette adresse est refusée : %(reason)s.") % {"reason": error})
            else:
                created = services.share_create(by=request.user, **data)
                if created.status == "published":
                    messages.success(request, _("Merci, votre partage est publié."))
                else:
                    messages.success(request, _("Merci, votre partage sera publié après relecture."))
                return redirect("veille:index")
        return render(request, "veille/share_form.html", {"form": form}, status=200)
    url = request.GET.get("url", "").strip()[:1000]
    initial, notice = {"url": url, "title": request.GET.get("title", "")[:300]}, ""
    if url:
        if PREVIEWS.hit(request):
            preview = page_preview(url)
        else:
            preview = {"title": "", "description": "", "error": _("trop d'aperçus demandés cette heure-ci")}
        if preview["error"]:
            notice = _("La page n'a pas pu être lue (%(reason)s) : complétez le titre vous-même.") % {
                "reason": preview["error"]
            }
        initial["title"] = preview["title"] or initial["title"]
        initial["description"] = preview["description"]
        notice = _already_shared_notice(url, request.user) or notice
    return render(request, "veille/share_form.html", {"form": ShareForm(initial=initial), "notice": notice})


def _veilleur_only(request: HttpRequest):
    if not services.is_veilleur(request.user):
        raise Http404


@verified_email_required
def inbox(request: HttpRequest) -> HttpResponseBase:
    """For veilleurs: fetched items not shared nor dismissed yet, by source and theme, searchable."""
    _veilleur_only(request)
    items = Item.objects.filter(dismissed=False).exclude(
        Exists(Share.objects.filter(Q(item=OuterRef("pk")) | Q(canonical_url=OuterRef("canonical_link"))))
    )
    source = request.GET.get("source", "")
    theme = request.GET.get("theme", "")
    query = request.GET.get("q", "").strip()[:100]
    if source.isdigit():
        items = items.filter(source_id=int(source))
    if theme:
        items = items.filter(source__themes__slug=theme).distinct()
    if query:
        items = items.filter(Q(title__icontains=query) | Q(summary__icontains=query))
    # Undated items (feeds that give no date) come after the dated ones, not before them.
    ordered = items.select_related("source").order_by(F("published_at").desc(nulls_last=True), "-pk")
    page, _query = paginate(request, ordered, PAGE_SIZE)
    return render(
        request,
        "veille/inbox.html",
        {
            "page_obj": page,
            "sources": Source.objects.filter(active=True),
            "themes": Theme.objects.all(),
            "source": source,
            "theme": theme,
            "q": query,
            "form": ItemShareForm(),
        },
    )


def _back_to_inbox(request: HttpRequest) -> HttpResponseBase:
    """To the inbox page the veilleur came from (its filters, its page), never to another site."""
    back = str(request.POST.get("next", ""))
    return redirect(back if back.startswith("/veille/boite/") else "veille:inbox")


@require_POST
@verified_email_required
def inbox_share(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    _veilleur_only(request)
    item = get_object_or_404(Item.objects.select_related("source"), pk=pk)
    form = ItemShareForm(request.POST)
    if form.is_valid():
        services.share_item(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("« %(title)s » est partagé.") % {"title": item.title})
    else:
        messages.error(request, _("Ajoutez un commentaire : pourquoi c'est utile ?"))
    return _back_to_inbox(request)


@require_POST
@verified_email_required
def inbox_dismiss(request: HttpRequest, pk: int) -> HttpResponseBase:
    _veilleur_only(request)
    services.item_dismiss(item=get_object_or_404(Item, pk=pk))
    return _back_to_inbox(request)


def digest_subscribe(request: HttpRequest) -> HttpResponseBase:
    """The weekly digest became an alert like the others: a weekly alert on the watch."""
    return redirect(f"{reverse('alerts:create')}?source=veille", permanent=True)


@require_safe
def digest_confirm(request: HttpRequest, token: str) -> HttpResponseBase:
    """A confirmation link of the former digest: its alert is made on the alerts' page now (no message:
    a visitor's session would keep them out of the cached pages)."""
    return redirect(f"{reverse('alerts:create')}?source=veille")


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any form of ours
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponseBase:
    """The one-click link of a digest sent before it became an alert: it stops the address's watch alerts
    (the subscribers were moved to them). The link is checked as it was signed: by its own salt."""
    email = services.digest_link_address(token)
    if email is None:
        return render(request, "alerts/done.html", {"gone": True}, status=200 if request.method == "POST" else 400)
    if request.method == "POST":
        services.digest_leave(email=email)
        return render(request, "alerts/done.html", {"unsubscribed": True})
    return render(request, "alerts/done.html", {"ask": True, "description": _("la veille de la semaine")})
