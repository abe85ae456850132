"""An alert: the filters of a page kept, to hear by e-mail (daily or weekly) and by a private feed of the
contents published since that match them.

What it watches is kept in columns PostgreSQL compares at once for every alert (cresol/alerts/matching.py):
the communes its territory covers (ids, empty for everywhere), its themes (ids, empty for all) and its
words (as typed; PostgreSQL reads them as a full-text query). `sent_until` is how far its contents were
sent: each run sends what came after and moves it in the same transaction as the queued e-mail, so that a
retried run never sends a content twice.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from cresol.territories.models import EPCI, Commune, Departement, Pays


class Frequency(models.TextChoices):
    DAILY = "quotidienne", _("Chaque jour (s'il y a du nouveau)")
    WEEKLY = "hebdomadaire", _("Chaque lundi (s'il y a du nouveau)")


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class AlertQuerySet(models.QuerySet):
    def with_places(self) -> "AlertQuerySet":
        """With the names of its territory (not their outlines, the widest columns of all)."""
        return self.select_related("departement", "epci", "pays", "commune").defer(
            "departement__geom", "epci__geom", "commune__geom", "commune__point"
        )


class Alert(models.Model):
    sources = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("rubriques"),
        help_text="The keys of the AlertSources it watches (registry.py).",
    )
    email = models.EmailField(_("adresse e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("membre"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
    )
    words = models.CharField(_("mots-clés"), max_length=200, blank=True)
    themes = ArrayField(models.IntegerField(), verbose_name=_("thématiques"), default=list, blank=True)
    departement = models.ForeignKey(
        Departement, verbose_name=_("département"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    epci = models.ForeignKey(
        EPCI, verbose_name=_("intercommunalité"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pays = models.ForeignKey(
        Pays, verbose_name=_("Pays"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    radius_km = models.PositiveSmallIntegerField(_("rayon (km)"), null=True, blank=True)
    communes = ArrayField(models.IntegerField(), default=list, blank=True, editable=False)
    frequency = models.CharField(_("fréquence"), max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY)
    feed_key = models.CharField(max_length=40, unique=True, default=new_feed_key, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    sent_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_sent_at = models.DateTimeField(_("dernier envoi"), null=True, blank=True, editable=False)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        indexes = [
            models.Index(fields=["frequency"], name="alert_due", condition=models.Q(confirmed_at__isnull=False)),
            models.Index(fields=["email"], name="alert_email"),
        ]

    def __str__(self) -> str:
        return f"{', '.join(self.sources)} — {self.email}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
