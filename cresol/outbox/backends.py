"""The portal's mailers: "default" queues, the worker sends (see cresol/outbox/__init__.py); in
development without a mail server, the worker writes each message as readable text under var/mail/."""

from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend

from .services import emails_queue

SHOWN_HEADERS = ("From", "To", "Reply-To", "Subject", "Date", "List-Unsubscribe")


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        return emails_queue(messages=list(email_messages))


class ReadableFileBackend(FileEmailBackend):
    """One file per message, headers and text decoded: the raw MIME form is quoted-printable, whose
    soft line breaks ("=" at the end of a line) cut the links a developer copies from it."""

    def write_message(self, message: Any) -> None:
        mime = message.message()
        lines = [f"{name}: {mime[name]}" for name in SHOWN_HEADERS if mime[name]]
        lines.append("")
        for part in mime.walk():
            if part.get_content_type() == "text/plain" and not part.is_attachment():
                lines.append(part.get_content().rstrip("\n"))
            elif part.get_content_type() == "text/html":
                lines.append("\n[Le message a aussi une version HTML, non reproduite ici.]")
        lines += ["", "-" * 79, ""]
        self.stream.write("\n".join(lines).encode())  # type: ignore[arg-type]  # a binary file (the base opens it so)
