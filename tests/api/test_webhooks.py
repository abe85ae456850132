"""A partner subscribes a URL to changes and receives each one, signed per Standard Webhooks (checked
with the specification's own library); failures are retried, logged, and a URL failing for three
days is disabled and its owner told."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from agenda.services import event_cancel
from cresol.api import webhooks
from cresol.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from cresol.moderation.services import moderation_approve, moderation_archive
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, ModeratorFactory, make_event

from .partner import API, PartnerClient
from .test_write import INITIATIVE
from .tokens import partner_token

pytestmark = pytest.mark.django_db


def subscribe(client, secret, url, kinds):
    response = PartnerClient(client, secret).post(f"{API}/webhooks/", {"url": url, "kinds": kinds})
    assert response.status_code == 201, response.content
    return json.loads(response.content)


def verified(route, secret):
    """Each received delivery checked as the partner's code would, with the reference library."""
    return [Webhook(secret).verify(body, headers) for headers, body in route.received]


def test_a_partner_proposes_an_initiative_and_is_told_signed_when_a_moderator_publishes_it(
    client, http_server, run_jobs
):
    receiver = http_server.route("/crochet", body=b"ok")
    _token, secret = partner_token()
    subscription = subscribe(client, secret, http_server.url("/crochet"), ["initiative.published"])
    created = json.loads(PartnerClient(client, secret).post(f"{API}/initiatives/", INITIATIVE).content)
    run_jobs()
    assert receiver.received == []  # pending: nothing published yet
    initiative = Initiative.objects.get(pk=created["id"])
    moderation_approve(obj=initiative, by=ModeratorFactory())
    run_jobs()
    [message] = verified(receiver, subscription["secret"])
    assert message["type"] == "initiative.published"
    assert message["data"]["slug"] == initiative.slug and message["data"]["name"] == "Épicerie solidaire de Vierzon"
    headers, _body = receiver.received[0]
    assert headers["webhook-id"].startswith("msg_")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    # The partner reads the log through the API.
    log = json.loads(PartnerClient(client, secret).get(f"{API}/webhooks/{subscription['id']}/livraisons/").content)
    assert log[0]["status"] == "delivered" and log[0]["log"][0]["status_code"] == 200
    # A signature made with another secret is refused by the library: the check is real.
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "QUJD" * 8).verify(receiver.received[0][1], receiver.received[0][0])


def test_only_the_kinds_subscribed_are_sent(client, http_server, run_jobs):
    receiver = http_server.route("/crochet")
    _token, secret = partner_token()
    subscribe(client, secret, http_server.url("/crochet"), ["event.cancelled", "initiative.unpublished"])
    event = make_event(title="Repair café")  # published: not subscribed
    initiative = InitiativeFactory()
    event_cancel(event=event)
    moderation_archive(obj=initiative, by=ModeratorFactory())
    run_jobs()
    kinds = sorted(json.loads(body)["type"] for _headers, body in receiver.received)
    assert kinds == ["event.cancelled", "initiative.unpublished"]


def test_a_failing_url_is_retried_then_disabled_after_three_days_and_its_owner_told(
    client, http_server, run_jobs, mailoutbox
):
    receiver = http_server.route("/crochet", status=500, body=b"Erreur interne du partenaire")
    token, secret = partner_token()
    subscribe(client, secret, http_server.url("/crochet"), ["initiative.unpublished"])
    moderation_archive(obj=InitiativeFactory(), by=ModeratorFactory())
    run_jobs()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code == 500 and attempt.answer == "Erreur interne du partenaire"
    staff = Client()
    staff.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))
    seen = staff.get(f"/admin/api/webhookdelivery/{delivery.pk}/change/")
    assert seen.status_code == 200 and "Erreur interne du partenaire" in seen.content.decode()
    # Retried when due, with the same id (the partner can tell a retry apart).
    assert webhooks.deliver_due(now=delivery.next_attempt_at - timedelta(seconds=1)) == 0
    assert webhooks.deliver_due(now=delivery.next_attempt_at) == 1
    assert len(receiver.received) == 2
    assert receiver.received[0][0]["webhook-id"] == receiver.received[1][0]["webhook-id"]
    # Three days of failures: disabled, the rest given up, the owner e-mailed.
    later = timezone.now() + timedelta(days=3, minutes=1)
    webhooks.deliver_due(now=later)
    subscription = WebhookSubscription.objects.get()
    assert subscription.disabled_at is not None
    assert WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    run_jobs()
    [message] = mailoutbox
    assert message.to == [token.account.email] and "désactivé" in message.subject
    # Nothing more is sent to a disabled URL.
    moderation_archive(obj=InitiativeFactory(), by=ModeratorFactory())
    run_jobs()
    assert len(receiver.received) == 3


def test_a_delivery_is_sent_once_even_when_its_job_runs_again(client, http_server, run_jobs):
    receiver = http_server.route("/crochet")
    _token, secret = partner_token()
    subscribe(client, secret, http_server.url("/crochet"), ["initiative.unpublished"])
    moderation_archive(obj=InitiativeFactory(), by=ModeratorFactory())
    run_jobs()
    delivery = WebhookDelivery.objects.get()
    assert webhooks.deliver(delivery.pk) is False  # a second run of its job: already received
    assert webhooks.deliver_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(receiver.received) == 1


def test_a_private_address_cannot_be_subscribed(client, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    _token, secret = partner_token()
    response = PartnerClient(client, secret).post(
        f"{API}/webhooks/", {"url": "http://127.0.0.1:8000/admin/", "kinds": ["initiative.published"]}
    )
    assert response.status_code == 422
    assert "réseau privé" in json.loads(response.content)["errors"]["url"][0]
    unknown = PartnerClient(client, secret).post(
        f"{API}/webhooks/", {"url": "https://partenaire.example.org/", "kinds": ["tout"]}
    )
    assert unknown.status_code == 422 and "tout" in json.loads(unknown.content)["errors"]["kinds"][0]
    assert not WebhookSubscription.objects.exists()


def test_a_partner_sees_and_deletes_only_their_own_subscriptions(client, http_server):
    http_server.route("/crochet")
    _mine, secret = partner_token()
    _theirs, other = partner_token()
    own = subscribe(client, secret, http_server.url("/crochet"), ["post.published"])
    theirs = subscribe(client, other, http_server.url("/crochet"), ["post.published"])
    partner = PartnerClient(client, secret)
    assert [item["id"] for item in json.loads(partner.get(f"{API}/webhooks/").content)] == [own["id"]]
    assert "secret" not in json.loads(partner.get(f"{API}/webhooks/").content)[0]
    assert client.delete(f"{API}/webhooks/{theirs['id']}/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 404
    assert client.delete(f"{API}/webhooks/{own['id']}/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 204
    assert list(WebhookSubscription.objects.values_list("pk", flat=True)) == [theirs["id"]]


def test_a_revoked_tokens_pending_deliveries_are_not_sent(client, http_server, run_jobs):
    from cresol.api import services
    from cresol.api.models import PartnerToken

    receiver = http_server.route("/crochet")
    token, secret = partner_token()
    subscribe(client, secret, http_server.url("/crochet"), ["initiative.unpublished"])
    moderation_archive(obj=InitiativeFactory(), by=ModeratorFactory())
    services.tokens_revoke(tokens_selected=PartnerToken.objects.filter(pk=token.pk))
    run_jobs()
    assert receiver.received == [] and WebhookDelivery.objects.get().status == DeliveryStatus.FAILED
    # Positive control: another partner's, still valid, is sent.
    _other, other_secret = partner_token()
    subscribe(client, other_secret, http_server.url("/crochet"), ["initiative.unpublished"])
    moderation_archive(obj=InitiativeFactory(), by=ModeratorFactory())
    run_jobs()
    assert len(receiver.received) == 1


def test_a_merged_initiative_is_told_withdrawn_and_the_kept_one_updated(client, http_server, run_jobs):
    from initiatives.merging import initiatives_merge

    receiver = http_server.route("/crochet", body=b"ok")
    _token, secret = partner_token()
    kinds = ["initiative.unpublished", "initiative.updated"]
    subscription = subscribe(client, secret, http_server.url("/crochet"), kinds)
    kept, other = InitiativeFactory(name="Repair café de Tours"), InitiativeFactory(name="Repair Café Tours")
    initiatives_merge(kept=kept, other=other, choices={}, by=ModeratorFactory())
    run_jobs()
    told = {(message["type"], message["data"]["id"]) for message in verified(receiver, subscription["secret"])}
    assert told == {("initiative.unpublished", other.pk), ("initiative.updated", kept.pk)}
