"""/alertes/: making an alert from a page's filters, confirming it, leaving it in one click, a member's
changes, and the private feeds (RSS, Atom, iCalendar) an alert also is."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted
from cresol.core.ratelimit import Limit
from cresol.core.subscriptions import Purpose

from . import services, wording
from .forms import AlertForm, initial_from_page
from .matching import matches
from .models import Alert, Frequency
from .registry import source_of

# Alerts made in an hour from one address: each one not a member's sends a confirmation e-mail.
CREATIONS = Limit("alert-create", limit=10, window_seconds=3600)


def _member(request: HttpRequest) -> Any:
    """The member whose verified address an alert may use at once, or None."""
    user = request.user
    if not user.is_authenticated:
        return None
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    return user if verified else None


def create(request: HttpRequest) -> HttpResponseBase:
    """The "Me prévenir" link: the page's filters, kept as an alert once the person says how and where."""
    member = _member(request)
    form = AlertForm(posted(request), initial=initial_from_page(request.GET), member=member)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        if member is None and not CREATIONS.hit(request):
            form.add_error(None, _("Beaucoup d'alertes en une heure depuis cette connexion : réessayez plus tard."))
            status = 429
        else:
            alert = None
            if not form.is_from_a_bot:
                alert = services.alert_create(email=form.email_address, data=form.cleaned_data, user=member)
            if alert is not None and alert.is_confirmed:
                messages.success(request, _("Votre alerte est enregistrée : %s.") % wording.describe(alert))
                return redirect("accounts:member_space")
            return render(request, "alerts/done.html", {"requested": True, "email": form.email_address})
    context = {"form": form, "member": member}
    return render(request, "alerts/form.html", context, status=status)


def confirm(request: HttpRequest, token: str) -> HttpResponseBase:
    """The confirmation e-mail's link: a button to press, so that a mail scanner confirms nothing."""
    alert = services.ALERTS.subscription_from(token, Purpose.CONFIRM)
    if alert is None:
        return render(request, "alerts/done.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.alert_confirm(alert=alert)
        context = {"confirmed": True, "alert": alert, "has_ical": wording.has_calendar(alert)}
        return render(request, "alerts/done.html", context)
    return render(request, "alerts/done.html", {"confirm": True, "description": wording.describe(alert)})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any form of ours
def unsubscribe(request: HttpRequest, token: str) -> HttpResponseBase:
    """One click: the e-mail's link shows a button; mail clients POST here directly (List-Unsubscribe)."""
    alert = services.ALERTS.subscription_from(token, Purpose.LEAVE)
    if alert is None:
        return render(request, "alerts/done.html", {"gone": True}, status=200 if request.method == "POST" else 400)
    if request.method == "POST":
        services.alert_delete(alert=alert)
        return render(request, "alerts/done.html", {"unsubscribed": True})
    return render(request, "alerts/done.html", {"ask": True, "description": wording.describe(alert)})


def _own(request: AuthenticatedHttpRequest, pk: int) -> Alert:
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(Alert, pk=pk, user=request.user)


@require_POST
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    services.alert_delete(alert=_own(request, pk))
    messages.success(request, _("L'alerte est supprimée : vous ne recevrez plus rien d'elle."))
    return redirect("accounts:member_space")


@require_POST
def frequency(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    alert = _own(request, pk)
    chosen = request.POST.get("frequency", "")
    if chosen not in Frequency.values:
        messages.error(request, _("Choisissez une fréquence : chaque jour ou chaque lundi."))
    else:
        services.alert_set_frequency(alert=alert, frequency=chosen)
        messages.success(request, _("C'est noté : %s.") % Frequency(chosen).label.lower())
    return redirect("accounts:member_space")


def _confirmed(key: str) -> Alert:
    alert = Alert.objects.with_places().filter(feed_key=key, confirmed_at__isnull=False).first()
    if alert is None:
        raise Http404
    return alert


@require_safe
def ical(request: HttpRequest, key: str) -> HttpResponseBase:
    """An alert watching the agenda as a calendar to subscribe to: the events that matched it in the last
    four months (with their dates to come)."""
    alert = _confirmed(key)
    calendars = [source for key in alert.sources if (source := source_of(key)) is not None and source.ical]
    if not calendars:
        raise Http404
    source, now = calendars[0], timezone.now()
    found = matches(source, [alert.pk], since=now - timedelta(days=120), until=now, from_sent=False, first=200)
    assert source.ical is not None
    ids = found[alert.pk].first if alert.pk in found else []
    response = HttpResponse(source.ical(ids), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
