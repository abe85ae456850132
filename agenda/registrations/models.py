"""Registration on the portal's own events: seats, a waiting list, the organiser's questions.

An event's organiser opens registration for the whole event (a single date, or a training whose dates
are followed together) or for one date of a series. Each person who registers is a `Registrant`: a
member at once, a visitor once they confirm their address. Seats are given in the order people arrive,
under a lock on the registration's row (services.py): 50 people for 20 seats give exactly 20 seated.

Registrants' data is personal: only the person, the organiser and moderators see it, and it is deleted
REGISTRATIONS_RETENTION_DAYS after the event (the counts stay, for the network's figures).
"""

from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Event, Occurrence
from ..recurrence import french_span

MAX_CAPACITY = 5000
MAX_QUESTIONS = 3


class QuestionKind(models.TextChoices):
    TEXT = "texte", _("Réponse courte")
    CHOICE = "choix", _("Choix dans une liste")


class RegistrationQuerySet(models.QuerySet):
    def with_dates(self) -> Self:
        """Each registration's event, and its date when it is for one date of a series."""
        return self.select_related("event", "occurrence")

    def to_come(self, now: datetime | None = None) -> Self:
        """Registrations whose date (or one of whose event's dates) is not over."""
        now = now or timezone.now()
        later = Occurrence.objects.filter(event=OuterRef("event"), end__gte=now)
        return self.filter(purged_at=None).filter(
            models.Q(occurrence__end__gte=now) | (models.Q(occurrence=None) & models.Exists(later))
        )


class Registration(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations"
    )
    # One date of a series; empty: the whole event (every date together).
    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name=_("date"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"), validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)]
    )
    opens_at = models.DateTimeField(_("ouverture des inscriptions"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True, help_text=_("Sans date : jusqu'au début de l'événement.")
    )
    waiting_list = models.BooleanField(_("liste d'attente quand c'est complet"), default=True)
    closed = models.BooleanField(_("inscriptions fermées"), default=False)
    # Up to MAX_QUESTIONS: [{"label": "Régime alimentaire ?", "kind": "texte"|"choix", "choices": [...],
    # "required": bool}]; each registrant's answers keep the question's words (`Registrant.answers`).
    questions = models.JSONField(_("questions"), default=list, blank=True)
    # Recounted from the rows under the row lock at every change (services.registration_recount): a page
    # reads "12 places restantes" without counting.
    taken = models.PositiveIntegerField(_("places prises"), default=0, editable=False)
    waiting = models.PositiveIntegerField(_("en liste d'attente"), default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    # When the registrants' data was deleted, the retention period over (the counts stay).
    purged_at = models.DateTimeField(_("données effacées le"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription à un événement")
        verbose_name_plural = _("inscriptions aux événements")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=models.Q(occurrence=None), name="one_registration_per_event"
            ),
            models.UniqueConstraint(fields=["occurrence"], name="one_registration_per_date"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="registration_has_seats"),
        ]

    def __str__(self) -> str:
        if self.occurrence is not None:
            return f"{self.event} — {timezone.localtime(self.occurrence.start):%d/%m/%Y}"
        return str(self.event)

    def get_absolute_url(self) -> str:
        return reverse("registrations:register", args=[self.pk])

    @property
    def when(self) -> str:
        """« samedi 12 décembre 2026, de 14 h à 17 h »: the date, or the event's first (and its rule aside)."""
        dated: Any = self.occurrence or self.event
        return french_span(dated.start, dated.end, all_day=self.event.all_day)

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def is_full(self) -> bool:
        return self.taken >= self.capacity

    def first_start(self) -> datetime:
        """When the date, or the event's first date, begins (registration closes then)."""
        return self.occurrence.start if self.occurrence is not None else self.event.start

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.closed or self.purged_at or self.event.cancelled:
            return False
        if self.occurrence is not None and self.occurrence.cancelled:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return now < (self.closes_at or self.first_start())

    @property
    def opens_later(self) -> bool:
        return bool(self.opens_at and timezone.now() < self.opens_at and not (self.closed or self.purged_at))

    def accepts_more(self) -> bool:
        """A seat, or a place on the waiting list."""
        return not self.is_full or self.waiting_list


class Status(models.TextChoices):
    PENDING = "a-confirmer", _("Adresse à confirmer")
    CONFIRMED = "inscrit", _("Inscrit·e")
    WAITING = "attente", _("Liste d'attente")


class RegistrantQuerySet(models.QuerySet):
    def seated(self) -> Self:
        return self.filter(status=Status.CONFIRMED)

    def queue(self) -> Self:
        """The waiting list, first come first served."""
        return self.filter(status=Status.WAITING).order_by("queued_at", "pk")


class Registrant(models.Model):
    registration = models.ForeignKey(
        Registration, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="registrants"
    )
    # A member's registration goes with their account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="registrations"
    )
    name = models.CharField(_("nom"), max_length=120)
    email = models.EmailField(_("adresse e-mail"))
    answers = models.JSONField(_("réponses"), default=list, blank=True)  # [{"question": …, "answer": …}]
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    # When the person joined (a member at once, a visitor on confirming): the order of the waiting list.
    queued_at = models.DateTimeField(_("inscrit·e le"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("passé·e de l'attente à une place le"), null=True, blank=True)
    # The start of the last date a reminder was sent for: one reminder per date, whatever the retries.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne inscrite")
        verbose_name_plural = _("personnes inscrites")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint("registration", Lower("email"), name="one_registrant_per_address"),
        ]
        indexes = [models.Index(fields=["registration", "status", "queued_at"], name="registrant_queue")]

    def __str__(self) -> str:
        return f"{self.name} — {self.registration}"

    def answers_text(self) -> list[Any]:
        return [item.get("answer", "") for item in self.answers]
