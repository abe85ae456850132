"""Webhooks: partners subscribe a URL to kinds of change and get each one POSTed, signed per the
Standard Webhooks specification (https://www.standardwebhooks.com/).

- A change writes one delivery per subscriber in the transaction that made it (a decision rolled back
  tells nobody), then the worker sends it (task "api.deliver_webhook", and every minute whatever is due:
  retries, and what a dead worker left).
- Each delivery is sent with its webhook-id, webhook-timestamp and webhook-signature (HMAC-SHA256 of
  "id.timestamp.body" with the subscription's secret), to a public address only (cresol.core.fetch).
- A delivery is locked while it is sent (SELECT … FOR UPDATE SKIP LOCKED) and sent only while pending:
  two workers never send it at once, and a job that runs again after it was received sends nothing.
  Should a worker die between the partner's answer and its own commit, the next attempt carries the
  same webhook-id, which is how the specification lets the partner see it once.
- A failed attempt is retried after BACKOFF; a URL that fails for DISABLE_AFTER is disabled, its
  pending deliveries given up, and its owner e-mailed.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from cresol.core import fetch
from cresol.core.jobs import defer_in_transaction
from cresol.moderation.models import Action, Status

from .models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookKind, WebhookSubscription

# After the first attempt fails: the specification's example schedule.
BACKOFF = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
)
DISABLE_AFTER = timedelta(days=3)
TIMEOUT_SECONDS = 15


@dataclass(frozen=True)
class Emitter:
    name: str  # the kinds' first part: "initiative" in "initiative.published"
    # The API's representation of each content, in order: what the partner reads at the endpoint.
    payloads: Callable[[list[Any]], list[dict[str, Any]]]


_emitters: dict[type[Any], Emitter] = {}


def register(model: type[Any], *, name: str, payloads: Callable[[list[Any]], list[dict[str, Any]]]) -> None:
    _emitters[model] = Emitter(name, payloads)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


# --- What changed ------------------------------------------------------------------------------------


def content_decided(*, objs: list[Any], action: str) -> None:
    """A moderation decision (cresol.moderation.registry's listener): publications and withdrawals."""
    if action in (Action.APPROVE, Action.PUBLISH):
        emit(objs, "published")
    elif action == Action.ARCHIVE:
        emit(objs, "unpublished")
    elif action == Action.MERGE:  # merged into another record, then deleted: gone from the public list
        emit([obj for obj in objs if obj.status == Status.PUBLISHED], "unpublished")


def content_changed(obj: Any, change: str = "updated") -> None:
    """A section's service changed a published content ("updated", "cancelled")."""
    if getattr(obj, "status", None) == Status.PUBLISHED:
        emit([obj], change)


def emit(objs: list[Any], change: str) -> int:
    """Queue the change for every subscriber of its kind, in the caller's transaction; how many deliveries."""
    emitter = _emitters.get(type(objs[0])) if objs else None
    if emitter is None:
        return 0
    kind = f"{emitter.name}.{change}"
    if kind not in WebhookKind.values:
        return 0
    subscriptions = list(
        WebhookSubscription.objects.filter(disabled_at=None, token__revoked_at=None, kinds__contains=[kind])
    )
    if not subscriptions:
        return 0
    now = timezone.now()
    # As the API writes them (dates in ISO 8601): the payload is stored, then sent as stored.
    payloads = json.loads(json.dumps(emitter.payloads(objs), cls=DjangoJSONEncoder))
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            message_id=f"msg_{uuid.uuid4().hex}",
            kind=kind,
            payload={"type": kind, "timestamp": now.isoformat(), "data": payload},
            next_attempt_at=now,
        )
        for subscription in subscriptions
        for payload in payloads
    )
    defer_in_transaction("api.deliver_webhook", *({"delivery_id": delivery.pk} for delivery in deliveries))
    return len(deliveries)


# --- Sending -----------------------------------------------------------------------------------------


def deliver(delivery_id: int, *, now: datetime | None = None) -> bool:
    """Send one pending delivery, unless another worker is sending it; whether it was sent."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription__token__account")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return False
        if not delivery.subscription.active or delivery.subscription.token.revoked_at is not None:
            delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["status"])
            return False
        status_code, answer, duration_ms = _post(delivery)
        _record(delivery, status_code, answer, duration_ms, now or timezone.now())
        return True


def deliver_due(*, now: datetime | None = None, batch: int = 200) -> int:
    """Every pending delivery whose time has come (retries, and those a dead worker left)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )
    return sum(deliver(delivery_id, now=now) for delivery_id in due.values_list("pk", flat=True)[:batch])


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def _post(delivery: WebhookDelivery) -> tuple[int | None, str, int]:
    body = body_of(delivery)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(delivery.subscription.secret, delivery.message_id, timestamp, body),
    }
    started = time.monotonic()
    try:
        status_code, answer = fetch.post(
            delivery.subscription.url, body=body, headers=headers, deadline=TIMEOUT_SECONDS
        )
    except fetch.FetchError as error:
        return None, str(error), round((time.monotonic() - started) * 1000)
    return status_code, answer.decode("utf-8", "replace"), round((time.monotonic() - started) * 1000)


def _record(delivery: WebhookDelivery, status_code: int | None, answer: str, duration_ms: int, now: datetime) -> None:
    WebhookAttempt.objects.create(
        delivery=delivery, status_code=status_code, duration_ms=duration_ms, answer=answer[:500]
    )
    delivery.attempts += 1
    subscription = delivery.subscription
    if status_code is not None and 200 <= status_code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
        if subscription.failing_since is not None:
            subscription.failing_since = None
            subscription.save(update_fields=["failing_since"])
        return
    delivery.next_attempt_at = now + BACKOFF[min(delivery.attempts - 1, len(BACKOFF) - 1)]
    delivery.save(update_fields=["attempts", "next_attempt_at"])
    if subscription.failing_since is None:
        subscription.failing_since = now
        subscription.save(update_fields=["failing_since"])
    elif now - subscription.failing_since >= DISABLE_AFTER:
        disable(subscription, now)


def disable(subscription: WebhookSubscription, now: datetime, *, tell_owner: bool = True) -> None:
    subscription.disabled_at = now
    subscription.save(update_fields=["disabled_at"])
    subscription.deliveries.filter(status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, next_attempt_at=None
    )
    account = subscription.token.account
    if tell_owner and account.email:
        send_mail(
            f"[{settings.SITE_NAME}] Webhook désactivé : {subscription.url}",
            (
                f"Bonjour,\n\nDepuis trois jours, l'adresse {subscription.url} ne répond pas correctement "
                f"aux webhooks du portail {settings.SITE_NAME} ({subscription.token.organisation}).\n"
                "Nous avons désactivé cet abonnement ; les changements en attente ne seront pas envoyés.\n\n"
                "Une fois l'adresse réparée, abonnez-la de nouveau avec votre jeton (POST /api/v1/webhooks/). "
                f"Le détail des tentatives : GET /api/v1/webhooks/{subscription.pk}/livraisons/.\n\n"
                f"— {settings.SITE_NAME}\n"
            ),
            None,
            [account.email],
        )
