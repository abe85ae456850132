"""/agenda/inscriptions/: people registering (a member in one click, a visitor with a link to confirm),
cancelling from their e-mail or their space; the organiser's pages (open, settings, the list, the CSV,
a message to everyone, close or reopen). Only the person, the organiser and moderators see a registration."""

from typing import Any

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cresol.accounts.requests import AuthenticatedHttpRequest
from cresol.core.forms import posted
from cresol.core.ratelimit import Limit, Per
from cresol.core.subscriptions import Purpose
from cresol.moderation.models import Status as Publication
from cresol.moderation.visibility import can_moderate

from ..models import Event
from . import exports, services
from .forms import RegistrantForm, RegistrationSettingsForm, WriteForm, settings_initial
from .models import Registrant, Registration, Status

# Registrations sent in an hour from one address (each of a visitor's sends a confirmation e-mail).
REGISTRATIONS = Limit("event-register", limit=10, window_seconds=3600, per=Per.MEMBER_OR_ADDRESS)
# Messages an organiser sends their registrants in a day: a change, a reminder, a thank-you.
MESSAGES = Limit("registration-message", limit=10, window_seconds=86400, per=Per.MEMBER)


def _organised(request: HttpRequest, event: Event) -> None:
    """The event's organiser (who proposed it) and moderators only."""
    user = request.user
    if not (user.is_authenticated and (event.submitted_by_id == user.pk or can_moderate(user, Event))):
        raise PermissionDenied(_("Seules l'organisation de l'événement et l'équipe de modération y ont accès."))


def _registration(request: HttpRequest, pk: int) -> Registration:
    registration = get_object_or_404(Registration.objects.with_dates().select_related("event__submitted_by"), pk=pk)
    _organised(request, registration.event)
    return registration


def _public_registration(pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.with_dates().select_related("event__commune"),
        pk=pk,
        event__status=Publication.PUBLISHED,
        purged_at=None,
    )
    return registration


def _member(request: HttpRequest) -> Any:
    from allauth.account.models import EmailAddress

    user = request.user
    if (
        user.is_authenticated
        and EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    ):
        return user
    return None


def register(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The registration form: a member's name and address come from their account (one click when there
    is no question); a visitor gets a link to confirm theirs."""
    registration = _public_registration(pk)
    member = _member(request)
    mine = registration.registrants.filter(user=member).first() if member else None
    form = RegistrantForm(posted(request), registration=registration, member=member)
    context = {"registration": registration, "event": registration.event, "form": form, "mine": mine}
    status = 200
    if request.method == "POST" and mine is None:
        status = 400
        if not REGISTRATIONS.hit(request):
            form.add_error(
                None, _("Beaucoup d'inscriptions en une heure depuis cette connexion : réessayez plus tard.")
            )
            status = 429
        elif form.is_valid():
            if form.is_from_a_bot:
                return render(request, "registrations/done.html", {**context, "requested": True})
            name, email = form.person
            try:
                registrant = services.registrant_register(
                    registration=registration, name=name, email=email, answers=form.answers(), user=member
                )
            except services.RegistrationRefused as refusal:
                form.add_error(None, str(refusal))
                status = 409
            else:
                if registrant.status == Status.PENDING:
                    return render(request, "registrations/done.html", {**context, "requested": True, "email": email})
                messages.success(request, _seated_message(registrant))
                return redirect(registration.event)
    return render(request, "registrations/register.html", context, status=status)


def _seated_message(registrant: Registrant) -> str:
    if registrant.status == Status.CONFIRMED:
        return _("Vous êtes inscrit·e. La confirmation, avec l'événement pour votre agenda, part par e-mail.")
    return _("C'est complet : vous êtes sur la liste d'attente. Un e-mail vous préviendra si une place se libère.")


def confirm(request: HttpRequest, token: str) -> HttpResponseBase:
    """The visitor's confirmation link: a button to press, so that a mail scanner confirms nothing."""
    registrant = services.REGISTRANTS.subscription_from(token, Purpose.CONFIRM)
    if registrant is None:
        return render(request, "registrations/done.html", {"invalid": True}, status=400)
    context = {"registrant": registrant, "event": registrant.registration.event}
    if request.method == "POST":
        try:
            registrant = services.registrant_confirm(registrant=registrant)
        except services.RegistrationRefused as refusal:
            return render(request, "registrations/done.html", {**context, "refused": str(refusal)}, status=409)
        return render(request, "registrations/done.html", {**context, "registrant": registrant, "confirmed": True})
    return render(request, "registrations/done.html", {**context, "confirm": True})


def leave(request: HttpRequest, token: str) -> HttpResponseBase:
    """The link in every e-mail: cancel the registration (a button to press; the data goes at once)."""
    registrant = services.REGISTRANTS.subscription_from(token, Purpose.LEAVE)
    if registrant is None:
        return render(
            request, "registrations/done.html", {"gone": True}, status=200 if request.method == "POST" else 404
        )
    if request.method == "POST":
        event = registrant.registration.event
        services.registrant_cancel(registrant=registrant)
        return render(request, "registrations/done.html", {"cancelled": True, "event": event})
    context = {"leave": True, "registrant": registrant, "event": registrant.registration.event}
    return render(request, "registrations/done.html", context)


@require_POST
@verified_email_required
def cancel_mine(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """A member cancels from the event's page or their space."""
    registrant = get_object_or_404(Registrant.objects.select_related("registration__event"), pk=pk, user=request.user)
    event = registrant.registration.event
    services.registrant_cancel(registrant=registrant)
    messages.success(request, _("Votre inscription est annulée, et vos données effacées."))
    if request.POST.get("next") == "espace":
        return redirect("accounts:member_space")
    return redirect(event)


# The organiser's pages.


@verified_email_required
def manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponseBase:
    """An event's registrations, and the form that opens one (for the event, or one date of a series)."""
    event = get_object_or_404(Event.objects.select_related("submitted_by"), slug=slug)
    _organised(request, event)
    registrations = list(event.registrations.with_dates().order_by("occurrence__start", "pk"))
    taken_dates = {registration.occurrence_id for registration in registrations}
    dated = [pk for pk in taken_dates if pk is not None]
    can_open = event.source_id is None and not event.cancelled and None not in taken_dates
    dates = []
    if can_open and event.is_recurring and not registrations:
        dates = list(event.occurrences.upcoming().filter(cancelled=False)[:60])
    elif can_open and event.is_recurring:  # per date already: another date
        dates = list(event.occurrences.upcoming().filter(cancelled=False).exclude(pk__in=dated)[:60])
    form = RegistrationSettingsForm(posted(request), dates=dates) if can_open else None
    status = 200
    if request.method == "POST" and form is not None:
        status = 400
        if form.is_valid():
            occurrence = None
            if form.chosen_date():
                occurrence = get_object_or_404(event.occurrences, pk=form.chosen_date())
            elif registrations:  # per date already: the whole event cannot be opened beside
                form.add_error("occurrence", _("Choisissez une date : des dates ont déjà leurs inscriptions."))
            if not form.errors:
                try:
                    opened = services.registration_save(event=event, data=form.cleaned_data, occurrence=occurrence)
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, _("Les inscriptions sont ouvertes."))
                    return redirect("registrations:registrants", pk=opened.pk)
    context = {"event": event, "registrations": registrations, "form": form}
    return render(request, "registrations/manage.html", context, status=status)


@verified_email_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    registration = _registration(request, pk)
    form = RegistrationSettingsForm(posted(request), initial=settings_initial(registration))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.registration_save(event=registration.event, data=form.cleaned_data, registration=registration)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Les réglages des inscriptions sont enregistrés."))
                return redirect("registrations:registrants", pk=registration.pk)
    context = {"registration": registration, "event": registration.event, "form": form}
    return render(request, "registrations/settings.html", context, status=status)


@require_safe
@verified_email_required
def registrants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """Who registered: seated, waiting (in order), not confirmed yet; their answers; what to do."""
    registration = _registration(request, pk)
    people = list(registration.registrants.order_by("queued_at", "created_at", "pk"))
    context = {
        "registration": registration,
        "event": registration.event,
        "seated": [person for person in people if person.status == Status.CONFIRMED],
        "waiting": [person for person in people if person.status == Status.WAITING],
        "pending": [person for person in people if person.status == Status.PENDING],
        "purge_date": services.registration_purge_date(registration),
        "retention_days": services.retention_days(),
    }
    return render(request, "registrations/registrants.html", context)


@require_safe
@verified_email_required
def export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    registration = _registration(request, pk)
    response = HttpResponse(exports.as_csv(registration), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscriptions-{registration.event.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@verified_email_required
def write(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    registration = _registration(request, pk)
    form = WriteForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if not MESSAGES.hit(request):
            form.add_error(None, _("Vous avez écrit beaucoup de messages aujourd'hui : réessayez demain."))
            status = 429
        elif form.is_valid():
            count = services.registration_write(
                registration=registration,
                subject=form.cleaned_data["subject"],
                message=form.cleaned_data["message"],
                sender=request.user,
                to=form.cleaned_data["to"],
            )
            messages.success(request, _("Message envoyé à %(count)d personne(s).") % {"count": count})
            return redirect("registrations:registrants", pk=registration.pk)
    context = {"registration": registration, "event": registration.event, "form": form}
    return render(request, "registrations/write.html", context, status=status)


@require_POST
@verified_email_required
def set_closed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    registration = _registration(request, pk)
    closed = request.POST.get("fermer") == "1"
    services.registration_set_closed(registration=registration, closed=closed)
    messages.success(request, _("Les inscriptions sont fermées.") if closed else _("Les inscriptions sont rouvertes."))
    return redirect("registrations:registrants", pk=registration.pk)
