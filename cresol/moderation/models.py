from datetime import datetime
from typing import Any, Self

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PENDING = "pending", _("En attente")
    PUBLISHED = "published", _("Publié")
    REFUSED = "refused", _("Refusé")
    ARCHIVED = "archived", _("Archivé")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Soumission")
    PUBLISH = "publish", _("Publication directe")
    APPROVE = "approve", _("Publication")
    REJECT = "reject", _("Refus")
    ARCHIVE = "archive", _("Archivage")
    WITHDRAW = "withdraw", _("Retrait par son auteur")
    MERGE = "merge", _("Fusion de doublons")


# Which statuses each action may start from, and where it leads. Anything else is refused.
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    Action.SUBMIT: (frozenset({Status.DRAFT, Status.REFUSED}), Status.PENDING),
    # By someone trusted to publish without review (a veilleur, a trusted calendar): logged, no e-mail.
    Action.PUBLISH: (frozenset({Status.DRAFT}), Status.PUBLISHED),
    Action.APPROVE: (frozenset({Status.PENDING, Status.ARCHIVED}), Status.PUBLISHED),
    Action.REJECT: (frozenset({Status.PENDING}), Status.REFUSED),
    Action.ARCHIVE: (frozenset({Status.PUBLISHED, Status.REFUSED}), Status.ARCHIVED),
    # The contributor takes back what awaits review: a draft again, to change and send later.
    Action.WITHDRAW: (frozenset({Status.PENDING}), Status.DRAFT),
}


class ModeratedQuerySet(models.QuerySet):
    def published(self) -> Self:
        return self.filter(status=Status.PUBLISHED)

    def pending(self) -> Self:
        return self.filter(status=Status.PENDING)

    def submitted_by(self, user: Any) -> Self:
        return self.filter(submitted_by=user)


class Moderated(models.Model):
    """Fields every moderated content shares. Subclasses keep `class Meta(Moderated.Meta)`."""

    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=Status.REFUSED) | ~models.Q(refusal_reason=""),
                name="%(app_label)s_%(class)s_refusal_has_reason",
            ),
        ]

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def scheduled_for(self) -> datetime | None:
        """When a published content goes online later than its approval (a scheduled post), else None."""
        return None

    @property
    def waiting_note(self) -> str:
        """What « À traiter » says beside the content's name, read from its own row (no query): each
        section says it for its contents (a possible duplicate, say)."""
        return ""

    def contributor_links(self) -> list[tuple[str, str]]:
        """What its contributor may do from "Mon espace", as (label, address) pairs; each section says
        it for its contents (withdrawing a pending one is offered by "Mon espace" itself)."""
        return []


class ChangeRequest(models.Model):
    """Changes suggested to a published content, kept aside until staff apply or refuse them; the page
    stays as it is meanwhile. Each section's model adds the foreign key to its content."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPLIED = "applied", _("Appliquée")
        REFUSED = "refused", _("Refusée")

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField(_("modifications"), help_text="Field name -> proposed value, as form data.")
    comment = models.TextField(_("commentaire"), blank=True)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("décidé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        verbose_name = _("proposition de modification")
        verbose_name_plural = _("propositions de modification")


class ModerationEvent(models.Model):
    """The audit log: one row per decision on any moderated content, never edited."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("type de contenu"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("numéro du contenu"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("contenu"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("statut avant"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("statut après"), max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("décision de modération")
        verbose_name_plural = _("journal de modération")
        indexes = [models.Index(fields=["content_type", "object_id"], name="moderation_event_object")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.object_repr}"
