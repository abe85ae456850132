"""The weekly digest: a member subscribes in one step, one-click unsubscribe, never the same week twice."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains

from cresol.themes.models import Theme
from tests.factories import UserFactory, make_share
from tests.mail import REFUSING_DELIVERY
from veille.digest import iso_week
from veille.models import DigestSending, DigestSubscription

pytestmark = pytest.mark.django_db


def digest(run_jobs):
    """The Monday run, then the worker's delivery of what it queued."""
    call_command("send_veille_digest", week=this_week(), stdout=io.StringIO())
    run_jobs()


def this_week():
    return iso_week(timezone.localdate())


def subscribe(client, themes=()):
    member = UserFactory()
    client.force_login(member)
    response = client.post("/veille/lettre/", {"themes": [t.pk for t in themes], "action": "subscribe"}, follow=True)
    assertContains(response, f"la lettre vous sera envoyée chaque lundi à {member.email}")
    return member


def test_a_member_subscribes_at_once_their_address_being_already_confirmed(client, mailoutbox, run_jobs):
    make_share()
    member = subscribe(client)
    assert DigestSubscription.objects.get(user=member).confirmed
    run_jobs()
    assert mailoutbox == []  # no second confirmation: the address was confirmed at sign-up
    assertContains(client.get("/veille/lettre/"), "Votre abonnement est actif")
    digest(run_jobs)
    [letter] = mailoutbox
    assert letter.to == [member.email] and "La veille de la semaine" in letter.subject


def test_an_anonymous_visitor_reads_why_an_account_is_needed(client):
    response = client.get("/veille/lettre/")
    assertContains(response, "envoyée aux membres du réseau")
    assertContains(response, "/compte/login/?next=/veille/lettre/")
    assertContains(response, 'href="/veille/flux/atom/"')
    assert not DigestSubscription.objects.exists()


def test_running_the_digest_twice_sends_once(client, mailoutbox, run_jobs):
    make_share(title="Le guide de la semaine")
    subscribe(client)
    for _ in range(3):
        digest(run_jobs)
    digests = [m for m in mailoutbox if "La veille de la semaine" in m.subject]
    assert len(digests) == 1
    assert "Le guide de la semaine" in digests[0].body
    assert DigestSending.objects.count() == 1


def test_every_digest_has_a_one_click_unsubscribe(client, mailoutbox, run_jobs):
    make_share()
    member = subscribe(client)
    digest(run_jobs)
    message = mailoutbox[-1]
    header = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header in message.body
    client.logout()
    path = header.replace("http://testserver", "")
    assertContains(client.get(path), "Me désabonner")
    client.post(path, {"List-Unsubscribe": "One-Click"})  # as a mail client does, without our form
    assert not DigestSubscription.objects.get(user=member).active


def test_the_digest_follows_the_chosen_themes(client, mailoutbox, run_jobs):
    make_share(title="Sur l'habitat", themes=[Theme.objects.get(slug="habitat")], url="https://example.org/h")
    make_share(title="Sur l'énergie", themes=[Theme.objects.get(slug="energie-climat")], url="https://example.org/e")
    subscribe(client, themes=[Theme.objects.get(slug="habitat")])
    digest(run_jobs)
    body = mailoutbox[-1].body
    assert "Sur l'habitat" in body and "Sur l'énergie" not in body


def test_a_mail_server_refusal_is_retried_and_the_week_never_queued_twice(client, mailoutbox, settings, run_jobs):
    make_share(title="Le guide de la semaine")
    subscribe(client)
    delivering = settings.MAILERS
    settings.MAILERS = {**delivering, "delivery": REFUSING_DELIVERY}
    call_command("send_veille_digest", week=this_week(), stdout=io.StringIO())
    with pytest.raises(ConnectionRefusedError):
        run_jobs()
    call_command("send_veille_digest", week=this_week(), stdout=io.StringIO())  # run again by hand
    settings.MAILERS = delivering
    assert run_jobs() == ["outbox.deliver_email"]  # the retry, and nothing more
    digests = [m for m in mailoutbox if "La veille de la semaine" in m.subject]
    assert len(digests) == 1 and "Le guide de la semaine" in digests[0].body
    assert DigestSending.objects.count() == 1


def test_a_forged_link_confirms_nothing(client):
    assert client.get("/veille/lettre/confirmer/faux/").status_code == 400
    assert client.post("/veille/lettre/desabonner/faux/").status_code == 400


def test_the_unsubscribe_header_is_a_plain_ascii_url_in_the_raw_message(client, mailoutbox, settings, run_jobs):
    """RFC 2369/8058: `List-Unsubscribe: <https://…>` as is; an RFC 2047 encoded-word is ignored by providers."""
    import email
    import email.policy

    make_share()
    subscribe(client)
    settings.SITE_URL = "https://portail.cresol.example.org"
    digest(run_jobs)
    raw = mailoutbox[-1].message(policy=email.policy.SMTP).as_bytes()  # what the SMTP backend sends
    header_line = next(line for line in raw.split(b"\r\n") if line.startswith(b"List-Unsubscribe:"))
    assert re.fullmatch(
        rb"List-Unsubscribe: <https://portail\.cresol\.example\.org/veille/lettre/desabonner/\S+/>", header_line
    ), header_line
    assert b"=?utf-8?" not in header_line
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Subject"] == f"[Cré-sol] La veille de la semaine {this_week()}"  # still decoded right


def test_older_confirmation_links_still_work_and_a_link_follows_its_address(client):
    """Confirmation links mailed before the address was signed in name the row alone: they confirm for
    their week. A link now signs the address too: once the member's address changes, it names nobody."""
    from django.core import signing

    from cresol.core.subscriptions import Purpose
    from veille.digest import SUBSCRIPTIONS

    member = UserFactory()
    subscription = DigestSubscription.objects.create(user=member, confirmed=False, active=False)
    older = signing.dumps({"s": subscription.pk}, salt="veille.digest.confirm", compress=True)
    assertContains(client.get(f"/veille/lettre/confirmer/{older}/"), "vous recevrez la lettre de veille chaque semaine")
    subscription.refresh_from_db()
    assert subscription.confirmed and subscription.active
    link = SUBSCRIPTIONS.token(subscription, Purpose.LEAVE)
    assert SUBSCRIPTIONS.subscription_from(link, Purpose.LEAVE) == subscription  # the positive control
    member.email = "nouvelle@example.org"
    member.save()
    assert SUBSCRIPTIONS.subscription_from(link, Purpose.LEAVE) is None
    assert client.post(f"/veille/lettre/desabonner/{link}/").status_code == 400
