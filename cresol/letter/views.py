"""/lettre/: the archive of the letters sent, subscribing (double opt-in), confirming, unsubscribing."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cresol.core.forms import posted
from cresol.core.ratelimit import Limit
from cresol.core.subscriptions import Purpose

from . import services
from .forms import SubscribeForm
from .models import Letter

SUBSCRIPTIONS = Limit("letter-subscribe", limit=5, window_seconds=3600)


def index(request: HttpRequest) -> HttpResponseBase:
    """What the letter is, the form to receive it, and every letter sent."""
    initial = {"email": request.user.email} if request.user.is_authenticated else None
    form = SubscribeForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if not SUBSCRIPTIONS.hit(request):
            form.add_error(None, _("Trop d'inscriptions en une heure depuis cette connexion : réessayez plus tard."))
            status = 429
        elif form.is_valid():
            if not form.is_from_a_bot:
                services.subscriber_request(email=form.cleaned_data["email"])
            return render(request, "letter/done.html", {"requested": True, "email": form.cleaned_data["email"]})
        else:
            status = 400
    letters = Letter.objects.sent().only("month", "subject", "sent_at")
    return render(request, "letter/index.html", {"form": form, "letters": letters}, status=status)


@require_safe
def detail(request: HttpRequest, year: str, month: str) -> HttpResponseBase:
    """A letter as it was sent; staff also read a draft here before sending it."""
    try:
        first = date(int(year), int(month), 1)
    except ValueError as error:
        raise Http404 from error
    letter = Letter.objects.filter(month=first).first()
    if letter is None or not (letter.is_sent or request.user.has_perm("letter.change_letter")):
        raise Http404
    return render(request, "letter/detail.html", {"letter": letter})


def confirm(request: HttpRequest, token: str) -> HttpResponseBase:
    """The link of the confirmation e-mail: a button to press, so that a mail scanner opening the link
    does not subscribe anyone."""
    subscriber = services.SUBSCRIPTIONS.subscription_from(token, Purpose.CONFIRM)
    if subscriber is None:
        return render(request, "letter/done.html", {"invalid": True}, status=400)
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        messages.success(request, _("C'est confirmé : vous recevrez la lettre du Cré-sol chaque mois."))
        return redirect("letter:index")
    return render(request, "letter/done.html", {"confirm": True, "email": subscriber.email})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without any form of ours
def unsubscribe(request: HttpRequest, token: str) -> HttpResponseBase:
    """One click: the e-mail's link shows a button; mail clients POST here directly (List-Unsubscribe)."""
    subscriber = services.SUBSCRIPTIONS.subscription_from(token, Purpose.LEAVE)
    if subscriber is None:
        # Already gone (a second click) or a bad link: either way the address receives nothing more.
        return render(request, "letter/done.html", {"gone": True}, status=200 if request.method == "POST" else 400)
    if request.method == "POST":
        services.subscriber_remove(subscriber=subscriber)
        return render(request, "letter/done.html", {"unsubscribed": True})
    return render(request, "letter/done.html", {"ask": True, "token": token})
