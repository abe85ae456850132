"""Queueing e-mails and delivering them: at most once each, retried while the mail server fails."""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cresol.core.jobs import defer_in_transaction

from .models import OutgoingEmail

logger = logging.getLogger(__name__)

# The mailer that really sends: SMTP in production, files under var/mail/ in development.
DELIVERY_MAILER = "delivery"


DELIVER = "outbox.deliver_email"  # tasks.deliver_email, deferred by its name


def emails_queue(*, messages: Iterable[Any]) -> int:
    """Store the messages and queue one delivery job each, in the caller's transaction: a decision
    rolled back sends nothing. Two queries whatever the number of messages."""
    rows = [OutgoingEmail.from_message(message) for message in messages if message.recipients()]
    if not rows:
        return 0
    with transaction.atomic():
        OutgoingEmail.objects.bulk_create(rows)
        defer_in_transaction(DELIVER, *({"email_id": row.pk} for row in rows))
    return len(rows)


def email_deliver(*, email_id: int, last_attempt: bool) -> None:
    """Send one queued e-mail. The row stays locked while the mail server answers, so that two
    workers never send it both; once sent, a retried job finds it sent and does nothing."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == OutgoingEmail.Status.SENT:
            return
        failure: Exception | None
        try:
            email.to_message().send(using=DELIVERY_MAILER)
        except Exception as error:
            failure = error
        else:
            failure = None
            email.status, email.sent_at, email.payload = OutgoingEmail.Status.SENT, timezone.now(), {}
        email.attempts += 1
        if failure is not None:
            email.last_error = f"{type(failure).__name__}: {failure}"[:2000]
            if last_attempt:
                email.status = OutgoingEmail.Status.FAILED
        email.save(update_fields=["status", "sent_at", "payload", "attempts", "last_error"])
    if failure is not None:
        logger.warning("E-mail %s not sent (attempt %s): %s", email_id, email.attempts, email.last_error)
        raise failure


def emails_resend(*, emails: QuerySet[Any]) -> int:
    """Queue again e-mails that failed (staff's "Renvoyer"): their payload is still there."""
    ids = list(emails.filter(status=OutgoingEmail.Status.FAILED).values_list("pk", flat=True))
    with transaction.atomic():
        OutgoingEmail.objects.filter(pk__in=ids).update(status=OutgoingEmail.Status.QUEUED)
        defer_in_transaction(DELIVER, *({"email_id": pk} for pk in ids))
    return len(ids)


def email_demo_refused(*, message: Any, error: str) -> OutgoingEmail:
    """The demo's fiction: a message the mail server refused at every try, as the health page shows it
    (a real one takes five hours of retries against a server that says no)."""
    email = OutgoingEmail.from_message(message)
    email.status, email.attempts, email.last_error = OutgoingEmail.Status.FAILED, 7, error[:2000]
    email.save()
    return email


def emails_prune(*, older_than: Any) -> int:
    """Forget sent and failed e-mails older than the date (their rows only serve to follow up)."""
    done = [OutgoingEmail.Status.SENT, OutgoingEmail.Status.FAILED]
    deleted, _ = OutgoingEmail.objects.filter(status__in=done, created_at__lt=older_than).delete()
    return deleted
