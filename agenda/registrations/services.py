"""Every write of a registration and its registrants: the organiser's settings, people registering,
confirming, cancelling, the waiting list moving, reminders, messages, the event cancelled, and the
deletion of registrants' data once the retention period is over.

Seats are given under a lock on the registration's row (`_locked`): whoever holds it counts the seats
taken, seats or queues one person, and stores the new counts; the next waits for the commit. So 50
people registering at once for 20 seats leave exactly 20 seated and 30 waiting, and a seat freed goes
to exactly one person from the waiting list, e-mailed once.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cresol.core.subscriptions import Purpose, Subscriptions
from cresol.core.validators import single_line
from cresol.core.versions import bump_content_version

from .. import ics
from ..models import Event, Occurrence
from ..recurrence import french_span
from .models import MAX_QUESTIONS, QuestionKind, Registrant, Registration, Status

REGISTRANTS = Subscriptions(
    name="registrations",
    rows=lambda: Registrant.objects.select_related("registration__event", "registration__occurrence"),
    address_of=lambda registrant: registrant.email,
    confirm_view="registrations:confirm",
    leave_view="registrations:leave",
)
# A visitor who never confirms their address holds nothing, and is forgotten after this.
PENDING_DAYS = 7


class RegistrationRefused(Exception):
    """Why a person cannot register (closed, full without a waiting list): the message says it in French."""


def retention_days() -> int:
    return int(getattr(settings, "REGISTRATIONS_RETENTION_DAYS", 90))


def _locked(registration: Registration) -> Registration:
    """The registration's row, locked until the transaction ends: one seat count at a time."""
    return Registration.objects.select_for_update(of=("self",)).with_dates().get(pk=registration.pk)


def _recount(registration: Registration) -> None:
    counts = registration.registrants.aggregate(
        taken=Count("pk", filter=Q(status=Status.CONFIRMED)), waiting=Count("pk", filter=Q(status=Status.WAITING))
    )
    registration.taken, registration.waiting = counts["taken"], counts["waiting"]
    registration.save(update_fields=["taken", "waiting"])  # its signal makes the event's page stale


# The organiser's settings.


def _questions_valid(questions: list[dict[str, Any]]) -> None:
    if len(questions) > MAX_QUESTIONS:
        raise ValidationError(_("Trois questions au plus."))
    for question in questions:
        if not question.get("label"):
            raise ValidationError(_("Chaque question a un intitulé."))
        if question.get("kind") == QuestionKind.CHOICE and len(question.get("choices", [])) < 2:
            raise ValidationError(_("Une question à choix propose au moins deux réponses."))


@transaction.atomic
def registration_save(
    *,
    event: Event,
    data: dict[str, Any],
    registration: Registration | None = None,
    occurrence: Occurrence | None = None,
) -> Registration:
    """Open registration for the event (or one of its dates), or change its settings. More seats than
    before seat the first on the waiting list."""
    if event.source_id is not None:
        raise ValidationError(_("Les inscriptions ne s'ouvrent que pour les événements publiés sur le portail."))
    registration = _locked(registration) if registration else Registration(event=event, occurrence=occurrence)
    for field in ("capacity", "opens_at", "closes_at", "waiting_list", "closed"):
        if field in data:
            setattr(registration, field, data[field])
    if "questions" in data:
        _questions_valid(data["questions"])
        registration.questions = data["questions"]
    if registration.opens_at and registration.closes_at and registration.closes_at <= registration.opens_at:
        raise ValidationError({"closes_at": _("La clôture vient après l'ouverture.")})
    registration.full_clean()
    registration.save()
    _recount(registration)
    _promote(registration)
    return registration


@transaction.atomic
def registration_set_closed(*, registration: Registration, closed: bool) -> Registration:
    """The organiser closes registration (nobody more, the list stays) or reopens it."""
    registration = _locked(registration)
    registration.closed = closed
    registration.save(update_fields=["closed"])
    return registration


# People registering.


def _answers(registration: Registration, answers: dict[str, str]) -> list[dict[str, str]]:
    """The answers, each beside its question's words (the organiser may change a question later)."""
    return [
        {"question": question["label"], "answer": single_line(answers.get(f"question_{index}", ""))[:300]}
        for index, question in enumerate(registration.questions)
    ]


@transaction.atomic
def registrant_register(
    *, registration: Registration, name: str, email: str, answers: dict[str, str], user: Any = None
) -> Registrant:
    """A member (`user`, their address verified) takes a seat at once; a visitor is sent a link that
    confirms their address, and takes a seat then. The same address twice finds its first registration
    (a visitor who had not confirmed is sent the link again)."""
    registration = _locked(registration)
    existing = registration.registrants.filter(email__iexact=email).first()
    if existing is not None:
        if existing.status == Status.PENDING:
            _ask_confirmation(existing)
        return existing
    if not registration.is_open():
        raise RegistrationRefused(_("Les inscriptions sont closes."))
    if not registration.accepts_more():
        raise RegistrationRefused(_("C'est complet, et il n'y a pas de liste d'attente."))
    registrant = Registrant(
        registration=registration,
        user=user,
        name=single_line(name)[:120],
        email=email,
        answers=_answers(registration, answers),
    )
    registrant.full_clean(exclude=["registration", "user"])
    registrant.save()
    if user is None:
        _ask_confirmation(registrant)
        return registrant
    _seat(registration, registrant)
    return registrant


def _ask_confirmation(registrant: Registrant) -> None:
    REGISTRANTS.ask_confirmation(
        registrant,
        subject=_("Confirmez votre inscription : %s") % single_line(registrant.registration.event.title)[:120],
        template="registrations/email/confirm.txt",
        context={"registrant": registrant, "when": registrant.registration.when},
    )


@transaction.atomic
def registrant_confirm(*, registrant: Registrant) -> Registrant:
    """The visitor's link: their address is theirs, they take a seat (or a place in the queue). A link
    clicked twice changes nothing."""
    registration = _locked(registrant.registration)
    registrant = Registrant.objects.select_for_update().get(pk=registrant.pk)
    registrant.registration = registration
    if registrant.status != Status.PENDING:
        return registrant
    if not registration.is_open():
        registrant.delete()
        raise RegistrationRefused(_("Les inscriptions ont été closes entre-temps."))
    if not registration.accepts_more():
        registrant.delete()
        raise RegistrationRefused(_("C'est complet, et il n'y a pas de liste d'attente."))
    _seat(registration, registrant)
    return registrant


def _seat(registration: Registration, registrant: Registrant) -> None:
    """A seat if one is free, else the waiting list; the counts and the e-mail that says which. The
    caller holds the registration's lock, and so counts that are current."""
    registrant.status = Status.CONFIRMED if not registration.is_full else Status.WAITING
    registrant.queued_at = timezone.now()
    registrant.save(update_fields=["status", "queued_at"])
    _recount(registration)
    if registrant.status == Status.CONFIRMED:
        _send_seated(registrant, template="registrations/email/seated.txt", subject=_("Inscription confirmée : %s"))
    else:
        position = registration.registrants.queue().filter(queued_at__lte=registrant.queued_at).count()
        _send(
            registrant,
            subject=_("Liste d'attente : %s"),
            template="registrations/email/waiting.txt",
            context={"position": position},
        )


@transaction.atomic
def registrant_cancel(*, registrant: Registrant) -> None:
    """The person cancels, at any time: their data goes, and a freed seat goes to the first waiting."""
    registration = _locked(registrant.registration)
    deleted, _counts = Registrant.objects.filter(pk=registrant.pk).delete()
    if not deleted:
        return
    _recount(registration)
    _promote(registration)


def _promote(registration: Registration) -> list[Registrant]:
    """Give the free seats to the first on the waiting list, each e-mailed once (`promoted_at`). The
    caller holds the lock; nobody is promoted into a date already begun or a registration closed."""
    free = registration.capacity - registration.taken
    begun = registration.first_start() < timezone.now()
    if free <= 0 or not registration.waiting or registration.event.cancelled or begun:
        return []
    promoted = list(registration.registrants.queue()[:free])
    now = timezone.now()
    for registrant in promoted:
        registrant.status, registrant.promoted_at = Status.CONFIRMED, now
    Registrant.objects.bulk_update(promoted, ["status", "promoted_at"])
    _recount(registration)
    for registrant in promoted:
        registrant.registration = registration
        _send_seated(registrant, template="registrations/email/promoted.txt", subject=_("Une place s'est libérée : %s"))
    return promoted


# E-mails.


def _context(registrant: Registrant, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    registration = registrant.registration
    return {
        "registrant": registrant,
        "event": registration.event,
        "registration": registration,
        "when": registration.when,
        "event_url": settings.SITE_URL + registration.event.get_absolute_url(),
        "leave_url": REGISTRANTS.link(registrant, Purpose.LEAVE),
        **(extra or {}),
    }


def _send(
    registrant: Registrant,
    *,
    subject: str,
    template: str,
    context: dict[str, Any] | None = None,
    attach_calendar: bool = False,
) -> None:
    event = registrant.registration.event
    message = EmailMessage(
        subject=subject % single_line(event.title)[:120],
        body=render_to_string(template, _context(registrant, context)),
        to=[registrant.email],
    )
    if attach_calendar:
        message.attach(f"{event.slug}.ics", registration_calendar(registrant.registration), "text/calendar")
    message.send()


def _send_seated(registrant: Registrant, *, template: str, subject: str) -> None:
    _send(registrant, subject=subject, template=template, attach_calendar=True)


def registration_calendar(registration: Registration) -> bytes:
    """The .ics a registrant keeps: the whole event, or the one date they registered for."""
    if registration.occurrence is not None:
        return ics.date_calendar(registration.occurrence)
    return ics.calendar(Event.objects.filter(pk=registration.event_id), name=registration.event.title)


# The organiser's and the portal's messages.


def registration_write(
    *, registration: Registration, subject: str, message: str, sender: Any, to: Iterable[str]
) -> int:
    """The organiser writes to the registrants (`to`: statuses): one e-mail each, so that nobody sees
    another's address; an answer goes to the organiser (Reply-To). Returns how many were written to."""
    recipients = list(registration.registrants.filter(status__in=list(to)).exclude(status=Status.PENDING))
    for registrant in recipients:
        registrant.registration = registration
        EmailMessage(
            subject=f"[{single_line(registration.event.title)[:80]}] {single_line(subject)[:150]}",
            body=render_to_string(
                "registrations/email/organiser_message.txt",
                _context(registrant, {"message": message, "sender_name": sender.display_name}),
            ),
            to=[registrant.email],
            reply_to=[sender.email],
        ).send()
    return len(recipients)


def registrants_tell_cancelled(*, event: Event, occurrence: Occurrence | None = None) -> int:
    """The event (or one date of it) is cancelled: its registrants are told, once, and its registration
    closes. Called by the agenda's services when the cancellation is written."""
    registrations = Registration.objects.with_dates().filter(event=event, purged_at=None)
    if occurrence is not None:
        registrations = registrations.filter(occurrence=occurrence)
    told = 0
    for registration in registrations:
        registration.closed = True
        registration.save(update_fields=["closed"])
        for registrant in registration.registrants.exclude(status=Status.PENDING):
            registrant.registration = registration
            _send(registrant, subject=_("Annulé : %s"), template="registrations/email/cancelled.txt")
            told += 1
    return told


def registrants_remind(*, now: datetime | None = None) -> int:
    """The day before each date, a reminder to those who have a seat, once per date. Returns how many."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    own = Registration.objects.filter(occurrence=OuterRef("pk"), purged_at=None)
    whole = Registration.objects.filter(event=OuterRef("event"), occurrence=None, purged_at=None)
    dates = Occurrence.objects.filter(start__date=tomorrow, cancelled=False, event__cancelled=False).filter(
        Exists(own) | Exists(whole)
    )
    sent = 0
    for occurrence in dates.select_related("event"):
        seated = Registrant.objects.seated().filter(
            Q(registration__occurrence=occurrence)
            | Q(registration__event=occurrence.event_id, registration__occurrence=None)
        )
        due = seated.exclude(reminded_for=occurrence.start).select_related(
            "registration__event", "registration__occurrence"
        )
        for registrant in due:
            with transaction.atomic():
                # Marked in the e-mail's own transaction: a second run finds it done.
                if (
                    not Registrant.objects.filter(pk=registrant.pk)
                    .exclude(reminded_for=occurrence.start)
                    .update(reminded_for=occurrence.start)
                ):
                    continue
                when = french_span(occurrence.start, occurrence.end, all_day=occurrence.event.all_day)
                _send(
                    registrant,
                    subject=_("C'est demain : %s"),
                    template="registrations/email/reminder.txt",
                    context={"when": when},
                )
                sent += 1
    return sent


# Privacy.


def _last_end() -> Any:
    """When the registration's date ends, or the event's last date."""
    last_date = Occurrence.objects.filter(event=OuterRef("event")).order_by().values("event").annotate(last=Max("end"))
    return Coalesce(F("occurrence__end"), Subquery(last_date.values("last")), F("event__end"))


def registration_purge_date(registration: Registration) -> datetime | None:
    """When its registrants' data goes (None once gone)."""
    if registration.purged_at:
        return None
    found = Registration.objects.filter(pk=registration.pk).annotate(last_end=_last_end()).values("last_end").first()
    return found["last_end"] + timedelta(days=retention_days()) if found else None


def registrations_purge(*, now: datetime | None = None) -> int:
    """Delete the registrants of events over for `retention_days()` (the counts stay), tell each
    organiser, and forget the visitors who never confirmed. Returns how many people were forgotten."""
    now = now or timezone.now()
    over = (
        Registration.objects.with_dates()
        .select_related("event__submitted_by")
        .annotate(last_end=_last_end())
        .filter(purged_at=None, last_end__lt=now - timedelta(days=retention_days()))
    )
    forgotten = 0
    for registration in over:
        with transaction.atomic():
            deleted, _counts = registration.registrants.all().delete()
            Registration.objects.filter(pk=registration.pk).update(purged_at=now)
            forgotten += deleted
            organiser = registration.event.submitted_by
            if organiser is not None and organiser.email:
                EmailMessage(
                    subject=_("Données des inscriptions effacées : %s") % single_line(registration.event.title)[:120],
                    body=render_to_string(
                        "registrations/email/purged.txt",
                        {"registration": registration, "count": deleted, "days": retention_days()},
                    ),
                    to=[organiser.email],
                ).send()
    stale = Registrant.objects.filter(status=Status.PENDING, created_at__lt=now - timedelta(days=PENDING_DAYS))
    deleted, _counts = stale.delete()
    if forgotten:
        bump_content_version(Registration)
    return forgotten + deleted
