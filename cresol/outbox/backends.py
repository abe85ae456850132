"""The portal's "default" mailer: it queues, the worker sends (see cresol/outbox/__init__.py)."""

from django.core.mail.backends.base import BaseEmailBackend

from .services import emails_queue


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        return emails_queue(messages=list(email_messages))
