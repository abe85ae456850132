"""Demo content of the health page for `make run`: an e-mail the mail server refused (the veille's demo
adds a feed failing for five days). Logged in as the demo moderator: /admin/sante/."""

from typing import TextIO

from django.conf import settings
from django.core.mail import EmailMessage

from cresol.outbox.models import OutgoingEmail
from cresol.outbox.services import email_demo_refused

SUBJECT = "Votre inscription à « Formation : animer un tiers-lieu » est confirmée"


def load_demo(stdout: TextIO) -> None:
    if not OutgoingEmail.objects.filter(subject=SUBJECT, status=OutgoingEmail.Status.FAILED).exists():
        message = EmailMessage(SUBJECT, "…", settings.DEFAULT_FROM_EMAIL, ["ancienne.adresse@example.net"])
        email_demo_refused(
            message=message,
            error="SMTPRecipientsRefused: 550 5.1.1 <ancienne.adresse@example.net>: Recipient address rejected",
        )
    stdout.write("  1 e-mail refusé par le serveur de courrier (page « Santé du portail »)")
