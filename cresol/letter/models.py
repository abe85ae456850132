"""The monthly letters, their subscribers, and which subscriber was sent which letter."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class LetterQuerySet(models.QuerySet):
    def sent(self) -> Self:
        return self.filter(sent_at__isnull=False)


class Letter(models.Model):
    """One month's letter: composed as Markdown from the sections, edited by staff, then sent once."""

    month = models.DateField(_("mois"), unique=True, help_text=_("Le premier jour du mois dont parle la lettre."))
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(
        _("contenu"), help_text=_("En Markdown. Composé à partir du portail : relisez, coupez, ajoutez un mot.")
    )
    body_html = models.TextField(editable=False, blank=True)
    composed_at = models.DateTimeField(_("composée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("envoyée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("lettre mensuelle")
        verbose_name_plural = _("lettres mensuelles")
        constraints = [models.CheckConstraint(condition=models.Q(month__day=1), name="letter_month_first_day")]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("letter:detail", kwargs={"year": f"{self.month:%Y}", "month": f"{self.month:%m}"})

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def month_label(self) -> str:
        return formats.date_format(self.month, "F Y")

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


class Subscriber(models.Model):
    """An address that asked for the letter; it receives it once it confirmed (double opt-in).

    Unsubscribing deletes the row: nothing is kept of someone who left.
    """

    email = models.EmailField(_("adresse e-mail"), max_length=254)
    created_at = models.DateTimeField(_("inscrite le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonné·e à la lettre")
        verbose_name_plural = _("abonné·es à la lettre")
        constraints = [models.UniqueConstraint(Lower("email"), name="letter_subscriber_email_unique")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Delivery(models.Model):
    """A letter queued for a subscriber: unique, so that a send run again queues nobody twice."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [models.UniqueConstraint(fields=["letter", "subscriber"], name="letter_delivery_once")]

    def __str__(self) -> str:
        return f"{self.letter} → {self.subscriber}"
