"""The yearly "still active?" e-mail: once per period, even when run again, and a link that confirms."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains

from initiatives.models import ConfirmationReminder, Initiative
from tests.factories import InitiativeFactory
from tests.http import page_text
from tests.mail import REFUSING_DELIVERY

pytestmark = pytest.mark.django_db


def old(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def run(run_jobs):
    """The daily command, then the worker's delivery of what it queued."""

    def remind_and_deliver():
        call_command("remind_unconfirmed", stdout=io.StringIO())
        run_jobs()

    return remind_and_deliver


def test_only_initiatives_unconfirmed_for_a_year_are_reminded(mailoutbox, run):
    InitiativeFactory(name="Confirmée récemment", last_confirmed_at=old(30), email="recente@example.org")
    InitiativeFactory(name="Jamais confirmée, publiée il y a 2 ans", published_at=old(730), email="vieille@example.org")
    InitiativeFactory(name="Confirmée il y a 13 mois", last_confirmed_at=old(400), email="treize@example.org")
    InitiativeFactory(status="pending", published_at=None, email="attente@example.org")
    run()
    assert sorted(message.to[0] for message in mailoutbox) == ["treize@example.org", "vieille@example.org"]


def test_running_again_never_sends_twice_for_the_same_period(mailoutbox, run):
    InitiativeFactory(last_confirmed_at=old(400), email="contact@example.org")
    run()
    run()
    assert len(mailoutbox) == 1
    assert ConfirmationReminder.objects.count() == 1


def test_a_refused_message_is_delivered_on_a_retry_and_never_queued_twice(mailoutbox, settings, run_jobs):
    InitiativeFactory(last_confirmed_at=old(400), email="contact@example.org")
    delivering = settings.MAILERS
    settings.MAILERS = {**delivering, "delivery": REFUSING_DELIVERY}
    call_command("remind_unconfirmed", stdout=io.StringIO())
    with pytest.raises(ConnectionRefusedError):
        run_jobs()
    call_command("remind_unconfirmed", stdout=io.StringIO())  # the next day: already queued for this period
    assert ConfirmationReminder.objects.count() == 1
    settings.MAILERS = delivering
    assert run_jobs() == ["outbox.deliver_email"]  # the retry
    assert [message.to for message in mailoutbox] == [["contact@example.org"]]


def test_without_a_public_email_the_contributor_is_written_to(mailoutbox, run):
    from tests.factories import UserFactory

    contributor = UserFactory()
    InitiativeFactory(last_confirmed_at=old(400), email="", website="https://x.example.org", submitted_by=contributor)
    run()
    assert mailoutbox[0].to == [contributor.email]


def test_the_signed_link_confirms_in_one_click_without_an_account(client, mailoutbox, run):
    initiative = InitiativeFactory(last_confirmed_at=old(400), email="contact@example.org", slug="toujours-la")
    run()
    link = re.search(r"http://testserver(/initiatives/toujours-la/confirmer/[^\s]+/)", mailoutbox[0].body).group(1)
    page = client.get(link)
    assertContains(page, "toujours active")
    client.post(link)
    initiative.refresh_from_db()
    assert initiative.last_confirmed_at > old(1)
    assert not Initiative.objects.needing_confirmation().exists()


def test_a_tampered_or_foreign_link_confirms_nothing(client):
    first = InitiativeFactory(slug="premiere", last_confirmed_at=old(400))
    InitiativeFactory(slug="seconde", last_confirmed_at=old(400))
    from initiatives.reminders import make_token

    token = make_token(first)
    assert client.post(f"/initiatives/seconde/confirmer/{token}/").status_code == 400
    assert client.post(f"/initiatives/premiere/confirmer/{token[:-2]}xx/").status_code == 400
    assert Initiative.objects.needing_confirmation().count() == 2


def test_unconfirmed_for_15_months_is_flagged_in_the_admin(client):
    from django.urls import reverse

    from tests.factories import ModeratorFactory

    InitiativeFactory(name="Silencieuse", last_confirmed_at=old(500))
    InitiativeFactory(name="Confirmée", last_confirmed_at=old(100))
    client.force_login(ModeratorFactory())
    content = page_text(client.get(reverse("admin:initiatives_initiative_changelist"), {"flag": "unconfirmed"}))
    assert "Silencieuse" in content and "Confirmée" not in content
