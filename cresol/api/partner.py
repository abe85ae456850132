"""A partner's own webhook subscriptions, with their token: subscribe, list, read the deliveries, delete."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja import Status as Answer

from . import problems, services
from .listing import ApiError
from .models import WebhookDelivery, WebhookKind, WebhookSubscription
from .tokens import PartnerAuth


class SubscriptionIn(Schema):
    url: str
    kinds: list[str]


class SubscriptionOut(Schema):
    id: int
    url: str
    kinds: list[str]
    active: bool
    failing_since: datetime | None
    disabled_at: datetime | None
    created_at: datetime


class NewSubscriptionOut(SubscriptionOut):
    secret: str


class AttemptOut(Schema):
    at: datetime
    status_code: int | None
    duration_ms: int
    answer: str


class DeliveryOut(Schema):
    id: str
    kind: str
    status: str
    created_at: datetime
    attempts: int
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    log: list[AttemptOut]


def _subscription(subscription: WebhookSubscription) -> dict[str, Any]:
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "kinds": subscription.kinds,
        "active": subscription.active,
        "failing_since": subscription.failing_since,
        "disabled_at": subscription.disabled_at,
        "created_at": subscription.created_at,
    }


router = Router(tags=["Webhooks"], auth=PartnerAuth())
UNAUTHORISED = {"responses": {"401": problems.schema("Jeton absent ou révoqué.")}}


@router.get(
    "/",
    response=list[SubscriptionOut],
    summary="Mes abonnements",
    operation_id="webhooks_list",
    openapi_extra=UNAUTHORISED,
)
def subscriptions(request: HttpRequest) -> list[dict[str, Any]]:
    return [_subscription(subscription) for subscription in request.auth.webhooks.all()]  # type: ignore[attr-defined]


@router.post(
    "/",
    response={201: NewSubscriptionOut},
    summary="S'abonner à des changements",
    description="Les changements possibles : " + ", ".join(WebhookKind.values) + ". Le secret de signature "
    "n'est donné qu'ici, une fois : gardez-le pour vérifier chaque livraison (Standard Webhooks).",
    operation_id="webhooks_subscribe",
    openapi_extra={
        "responses": {
            **UNAUTHORISED["responses"],
            "422": problems.schema("Adresse refusée ou changements inconnus."),
        }
    },
)
def subscribe(request: HttpRequest, payload: SubscriptionIn) -> Answer[dict[str, Any]]:
    try:
        subscription = services.webhook_subscribe(token=request.auth, url=payload.url, kinds=payload.kinds)  # type: ignore[attr-defined]
    except ValidationError as error:
        raise ApiError(problems.invalid(error.message_dict)) from error
    return Answer(201, {**_subscription(subscription), "secret": subscription.secret})


def _own(request: HttpRequest, subscription_id: int) -> WebhookSubscription:
    return get_object_or_404(WebhookSubscription, pk=subscription_id, token=request.auth)  # type: ignore[attr-defined]


@router.delete(
    "/{subscription_id}/",
    response={204: None},
    summary="Se désabonner",
    operation_id="webhooks_delete",
    openapi_extra=UNAUTHORISED,
)
def unsubscribe(request: HttpRequest, subscription_id: int) -> Answer[None]:
    services.webhook_unsubscribe(subscription=_own(request, subscription_id))
    return Answer(204, None)


@router.get(
    "/{subscription_id}/livraisons/",
    response=list[DeliveryOut],
    openapi_extra=UNAUTHORISED,
    summary="Les 100 dernières livraisons et leurs tentatives",
    operation_id="webhooks_deliveries",
)
def deliveries(request: HttpRequest, subscription_id: int) -> list[dict[str, Any]]:
    subscription = _own(request, subscription_id)
    recent = WebhookDelivery.objects.filter(subscription=subscription).prefetch_related("attempt_log")[:100]
    return [
        {
            "id": delivery.message_id,
            "kind": delivery.kind,
            "status": delivery.status,
            "created_at": delivery.created_at,
            "attempts": delivery.attempts,
            "next_attempt_at": delivery.next_attempt_at,
            "delivered_at": delivery.delivered_at,
            "log": [
                {"at": a.at, "status_code": a.status_code, "duration_ms": a.duration_ms, "answer": a.answer}
                for a in delivery.attempt_log.all()
            ],
        }
        for delivery in recent
    ]
