"""Partners' tokens and their webhook subscriptions, with every delivery and attempt kept for both
staff (the admin) and the partner (the API) to read."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    INITIATIVES = "initiatives", _("Proposer des initiatives")
    EVENTS = "evenements", _("Proposer des événements")
    SHARES = "partages", _("Partager des liens")


class PartnerTokenQuerySet(models.QuerySet["PartnerToken"]):
    def active(self) -> "PartnerTokenQuerySet":
        return self.filter(revoked_at=None)


class PartnerToken(models.Model):
    """What lets a partner's program write through the API. Only a digest of the secret is kept: staff
    see the token once, when they create it (cresol.api.services.token_create)."""

    organisation = models.CharField(_("organisation"), max_length=200)
    # Whose name the partner's contents go under: moderators' decisions and webhook alerts reach them.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partner_tokens",
        verbose_name=_("compte du partenaire"),
        help_text=_("Les contenus envoyés avec ce jeton sont proposés au nom de ce compte, qui reçoit les e-mails."),
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices), verbose_name=_("droits"), default=list, blank=True
    )
    trusted = models.BooleanField(
        _("publie sans relecture"),
        default=False,
        help_text=_(
            "Comme un calendrier de confiance : ses contenus sont publiés à l'envoi, sans attendre la relecture."
        ),
    )
    prefix = models.CharField(_("début du jeton"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
        editable=False,
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("dernier usage"), null=True, blank=True, editable=False)

    objects = PartnerTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton de partenaire")
        verbose_name_plural = _("jetons de partenaires")
        ordering = ["organisation", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.prefix}…)"


class WebhookKind(models.TextChoices):
    INITIATIVE_PUBLISHED = "initiative.published", _("Initiative publiée")
    INITIATIVE_UPDATED = "initiative.updated", _("Initiative modifiée")
    INITIATIVE_UNPUBLISHED = "initiative.unpublished", _("Initiative retirée")
    EVENT_PUBLISHED = "event.published", _("Événement publié")
    EVENT_UPDATED = "event.updated", _("Événement modifié")
    EVENT_CANCELLED = "event.cancelled", _("Événement annulé")
    EVENT_UNPUBLISHED = "event.unpublished", _("Événement retiré")
    POST_PUBLISHED = "post.published", _("Article publié")
    POST_UPDATED = "post.updated", _("Article modifié")
    POST_UNPUBLISHED = "post.unpublished", _("Article retiré")
    SHARE_PUBLISHED = "share.published", _("Partage publié")


class WebhookSubscription(models.Model):
    token = models.ForeignKey(
        PartnerToken, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("jeton du partenaire")
    )
    url = models.URLField(_("adresse"), max_length=500)
    kinds = ArrayField(models.CharField(max_length=40, choices=WebhookKind.choices), verbose_name=_("changements"))
    # Needed in clear to sign each delivery: "whsec_" and the key in base64, as Standard Webhooks gives it.
    secret = models.CharField(_("secret de signature"), max_length=80, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    failing_since = models.DateTimeField(_("en échec depuis"), null=True, blank=True, editable=False)
    disabled_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement webhook")
        verbose_name_plural = _("abonnements webhook")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url

    @property
    def active(self) -> bool:
        return self.disabled_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    DELIVERED = "delivered", _("Reçue")
    FAILED = "failed", _("Abandonnée")


class WebhookDelivery(models.Model):
    """One change to tell one subscriber: sent until it is received, or given up."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("abonnement")
    )
    # The webhook-id header: the same on every attempt, so that the partner can tell a retry apart.
    message_id = models.CharField(_("identifiant"), max_length=40, unique=True)
    kind = models.CharField(_("changement"), max_length=40, choices=WebhookKind.choices)
    payload = models.JSONField(_("contenu"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    status = models.CharField(
        _("état"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("reçue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("livraison webhook")
        verbose_name_plural = _("livraisons webhook")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=models.Q(status="pending"), name="api_delivery_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.subscription.url}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("livraison")
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(_("réponse HTTP"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("durée (ms)"))
    # The answer's first bytes, or why there was none (refused address, time out).
    answer = models.CharField(_("réponse"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tentative")
        verbose_name_plural = _("tentatives")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.status_code or '—'} ({self.duration_ms} ms)"
