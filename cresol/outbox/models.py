"""One row per e-mail: what to send until it has gone, then only what staff need to follow it up."""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.core.mail import EmailMessage


class OutgoingEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    subject = models.CharField(_("objet"), max_length=998)
    recipients = models.TextField(_("destinataires"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # The message itself (body, headers, alternatives), emptied once sent: a password-reset link has no
    # business staying in the database.
    payload = models.JSONField(_("contenu du message"), default=dict, blank=True)

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def from_message(cls, message: Any) -> "OutgoingEmail":
        if message.attachments:
            raise ValueError("The outbox does not store attachments; the portal sends none.")
        message_class = type(message)
        return cls(
            subject=message.subject,
            recipients=", ".join(message.recipients()),
            payload={
                "class": f"{message_class.__module__}.{message_class.__qualname__}",
                "subject": message.subject,
                "body": message.body,
                "from_email": message.from_email,
                "to": list(message.to),
                "cc": list(message.cc),
                "bcc": list(message.bcc),
                "reply_to": list(message.reply_to),
                "headers": dict(message.extra_headers),
                "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
            },
        )

    def to_message(self) -> "EmailMessage":
        """The message as it was written, of its own class (a class may change how it is encoded)."""
        from django.core.mail import EmailMessage, EmailMultiAlternatives

        data = self.payload
        message_class = import_string(data["class"])
        if not (isinstance(message_class, type) and issubclass(message_class, EmailMessage)):
            raise TypeError(f"{data['class']} is not an e-mail message class.")
        message = message_class(
            subject=data["subject"],
            body=data["body"],
            from_email=data["from_email"],
            to=data["to"],
            cc=data["cc"],
            bcc=data["bcc"],
            reply_to=data["reply_to"],
            headers=data["headers"],
        )
        if data["alternatives"]:
            if not isinstance(message, EmailMultiAlternatives):
                raise TypeError("Alternatives need an EmailMultiAlternatives.")
            for content, mimetype in data["alternatives"]:
                message.attach_alternative(content, mimetype)
        return message
