"""E-mail messages with the headers a mailing list needs, kept readable by mail providers."""

import email.policy
from typing import Any

from django.core.mail import EmailMultiAlternatives


class ListMessage(EmailMultiAlternatives):
    """A letter's e-mail, its List-Unsubscribe header kept as the plain `<https://…>` RFC 2369 and 8058
    ask for.

    Folded at 78 columns (the SMTP policy), Python writes a URL longer than a line as an RFC 2047
    encoded-word, which mail providers do not read as an unsubscribe link. Lines may be 998 characters
    long (RFC 5322), enough for the URL on one line.
    """

    def message(self, *, policy: Any = email.policy.default) -> Any:
        return super().message(policy=policy.clone(max_line_length=998))


def list_headers(unsubscribe_url: str) -> dict[str, str]:
    """The one-click unsubscribe headers (RFC 2369, RFC 8058), in plain ASCII."""
    return {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
