"""Double opt-in subscriptions, the same rules for the monthly letter, the alerts and any that comes: a
signed link confirms an address (for a week), a signed link in every e-mail leaves in one click (RFC 8058:
cresol.outbox.messages.list_headers of that same link), both bound to the address, so that a row deleted
and created again with the same number never answers an old link. Each piece's services say what
confirming and leaving change (the letter forgets the address, an alert is deleted).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse

CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a confirmation link works for a week


class Purpose(StrEnum):
    CONFIRM = "confirm"
    LEAVE = "unsubscribe"


@dataclass(frozen=True)
class Subscriptions:
    """One kind of subscription: its rows, the address each is for, the pages its links open."""

    name: str  # "letter", "veille.digest": signs the links, so that one kind's never opens another's
    rows: Callable[[], models.QuerySet[Any]]
    address_of: Callable[[Any], str]
    confirm_view: str  # URL names, each taking the token
    leave_view: str

    def token(self, subscription: models.Model, purpose: Purpose) -> str:
        payload = {"s": subscription.pk, "e": self.address_of(subscription).lower()}
        return signing.dumps(payload, salt=f"{self.name}.{purpose}", compress=True)

    def subscription_from(self, value: str, purpose: Purpose) -> Any | None:
        """The subscription a link names, if the link is genuine, still valid and still its address's.
        Links sent before the address was signed in (the digest's first ones) name the row alone."""
        max_age = CONFIRM_MAX_AGE if purpose == Purpose.CONFIRM else None
        try:
            data = signing.loads(value, salt=f"{self.name}.{purpose}", max_age=max_age)
        except signing.BadSignature:  # SignatureExpired included
            return None
        subscription = self.rows().filter(pk=data.get("s")).first()
        if subscription is None or ("e" in data and self.address_of(subscription).lower() != data["e"]):
            return None
        return subscription

    def link(self, subscription: models.Model, purpose: Purpose) -> str:
        view = self.confirm_view if purpose == Purpose.CONFIRM else self.leave_view
        return settings.SITE_URL + reverse(view, args=[self.token(subscription, purpose)])

    def ask_confirmation(
        self, subscription: models.Model, *, subject: str, template: str, context: dict[str, Any] | None = None
    ) -> None:
        """The e-mail whose link confirms the address (queued with the caller's transaction)."""
        url = self.link(subscription, Purpose.CONFIRM)
        body = render_to_string(template, {**(context or {}), "url": url})
        EmailMessage(subject=subject, body=body, to=[self.address_of(subscription)]).send()
