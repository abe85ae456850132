"""Every write of the API's own records: tokens (staff, in the admin) and webhook subscriptions (the
partner, through the API)."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cresol.accounts.models import User
from cresol.core import fetch

from . import tokens, webhooks
from .models import PartnerToken, WebhookKind, WebhookSubscription

MAX_SUBSCRIPTIONS = 20


def token_create(*, token: PartnerToken, by: User | None) -> str:
    """Save a new token (the admin's form filled the rest); the token itself, to show once."""
    secret, prefix, digest = tokens.generate()
    token.prefix, token.digest, token.created_by = prefix, digest, by
    token.full_clean(exclude=["prefix", "digest"])
    token.save()
    return secret


# The last use is written at most this often: a busy partner's requests do not each write a row.
LAST_USE_PRECISION = timedelta(minutes=5)


def token_used(*, token: PartnerToken) -> None:
    """A request came with the token: when it was last used, for staff (to within LAST_USE_PRECISION)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
        token.last_used_at = now
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)


def token_save(*, token: PartnerToken) -> PartnerToken:
    """Staff change a token's organisation, account, scopes or trust (never its secret)."""
    token.save()
    return token


def tokens_revoke(*, tokens_selected: Any) -> int:
    """Revoked tokens answer 401 at once; their webhooks stop too (a delivery checks its token)."""
    return int(tokens_selected.filter(revoked_at=None).update(revoked_at=timezone.now()))


@transaction.atomic
def webhook_subscribe(*, token: PartnerToken, url: str, kinds: list[str]) -> WebhookSubscription:
    errors: dict[str, list[str]] = {}
    try:
        fetch.check_address(url)
    except fetch.FetchError as error:
        errors["url"] = [f"Adresse refusée : {error}."]
    unknown = sorted(set(kinds) - set(WebhookKind.values))
    if not kinds or unknown:
        errors["kinds"] = [
            "Choisissez un ou plusieurs changements parmi : "
            + ", ".join(WebhookKind.values)
            + "."
            + (f" Inconnus : {', '.join(unknown)}." if unknown else "")
        ]
    if token.webhooks.filter(disabled_at=None).count() >= MAX_SUBSCRIPTIONS:
        errors["__all__"] = [f"{MAX_SUBSCRIPTIONS} abonnements actifs au plus par jeton : supprimez-en un d'abord."]
    if errors:
        raise ValidationError(errors)
    subscription = WebhookSubscription(token=token, url=url, kinds=sorted(set(kinds)), secret=webhooks.new_secret())
    subscription.full_clean()
    subscription.save()
    return subscription


def webhook_save(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Staff narrow the kinds a subscription receives."""
    subscription.full_clean()
    subscription.save(update_fields=["kinds"])
    return subscription


def webhook_unsubscribe(*, subscription: WebhookSubscription) -> None:
    subscription.delete()


def webhook_disable(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Staff stop a subscription; what waits is given up (the partner reads it in the log)."""
    webhooks.disable(subscription, timezone.now(), tell_owner=False)
    return subscription


def webhook_enable(*, subscription: WebhookSubscription) -> WebhookSubscription:
    """Staff turn back on a subscription that was disabled once its URL is repaired."""
    subscription.disabled_at, subscription.failing_since = None, None
    subscription.save(update_fields=["disabled_at", "failing_since"])
    return subscription
