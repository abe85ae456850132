"""One row per e-mail: what to send until it has gone, then only what staff need to follow it up."""

import base64
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.core.mail import EmailMessage

# Attachments are kept in the row until sent: small files the portal writes itself (an event's .ics),
# never a member's upload.
MAX_ATTACHMENT_BYTES = 256 * 1024


def _stored_attachment(attachment: Any) -> list[str]:
    if not isinstance(attachment, tuple) or attachment[0] is None:
        raise ValueError("The outbox stores files attached by name, not MIME parts.")
    filename, content, mimetype = attachment
    if content is None:
        raise ValueError("The outbox stores files attached by name, not MIME parts.")
    data = content.encode() if isinstance(content, str) else bytes(content)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValueError(f"{filename} is too large for the outbox ({len(data)} bytes).")
    return [filename, base64.b64encode(data).decode("ascii"), mimetype or "application/octet-stream"]


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
                "attachments": [_stored_attachment(attachment) for attachment in message.attachments],
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
        for filename, content, mimetype in data.get("attachments", []):
            message.attach(filename, base64.b64decode(content), mimetype)
        return message
