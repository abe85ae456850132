"""E-mails after moderation decisions: queued with the decision, to the right people, with what they need."""

import pytest
from django.db import transaction

from cresol.moderation.models import Status
from cresol.moderation.services import moderation_approve, moderation_reject, moderation_submit
from cresol.outbox.models import OutgoingEmail
from tests.factories import ModeratorFactory, ProposalFactory, UserFactory
from tests.mail import REFUSING_DELIVERY

pytestmark = pytest.mark.django_db


def test_a_submission_is_announced_to_every_moderator(mailoutbox, run_jobs):
    moderators = [ModeratorFactory(), ModeratorFactory()]
    ModeratorFactory(is_active=False)
    contributor = UserFactory(display_name="Claire Martin")
    proposal = ProposalFactory(title="Repair café de Joué", submitted_by=contributor)

    moderation_submit(obj=proposal, by=contributor)
    assert mailoutbox == []  # queued: the worker sends, not the request
    assert run_jobs() == ["outbox.deliver_email", "outbox.deliver_email"]

    assert sorted(message.to[0] for message in mailoutbox) == sorted(m.email for m in moderators)
    message = mailoutbox[0]
    assert "Repair café de Joué" in message.subject
    assert "Claire Martin" in message.body
    assert f"/admin/testapp/proposal/{proposal.pk}/change/" in message.body


def test_a_decision_rolled_back_tells_nobody(run_jobs):
    ModeratorFactory()
    proposal = ProposalFactory(title="Repair café")
    with pytest.raises(RuntimeError), transaction.atomic():
        moderation_submit(obj=proposal, by=proposal.submitted_by)
        assert OutgoingEmail.objects.count() == 1  # positive control: queued inside the decision
        raise RuntimeError("the rest of the request failed")
    assert OutgoingEmail.objects.count() == 0
    assert run_jobs() == []


def test_the_contributor_learns_of_the_publication_with_the_link(mailoutbox, run_jobs):
    contributor = UserFactory()
    proposal = ProposalFactory(submitted_by=contributor, status=Status.PENDING)
    moderation_approve(obj=proposal, by=ModeratorFactory())
    run_jobs()
    [message] = mailoutbox
    assert message.to == [contributor.email]
    assert "publiée" in message.subject
    assert f"http://testserver/propositions/{proposal.pk}/" in message.body


def test_the_contributor_receives_the_refusal_reason(mailoutbox, run_jobs):
    contributor = UserFactory()
    proposal = ProposalFactory(submitted_by=contributor, status=Status.PENDING, title="L'épicerie d'à côté")
    moderation_reject(obj=proposal, by=ModeratorFactory(), reason="Hors de la région Centre-Val de Loire.")
    run_jobs()
    [message] = mailoutbox
    assert message.to == [contributor.email]
    assert "Hors de la région Centre-Val de Loire." in message.body
    assert "L'épicerie d'à côté" in message.body  # plain text: no HTML escaping in e-mails


def test_a_mail_server_failure_does_not_undo_the_decision_and_is_recorded(settings, run_jobs):
    settings.MAILERS = {**settings.MAILERS, "delivery": REFUSING_DELIVERY}
    proposal = ProposalFactory(status=Status.PENDING)
    moderation_approve(obj=proposal, by=ModeratorFactory())
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED

    with pytest.raises(ConnectionRefusedError):
        run_jobs()
    email = OutgoingEmail.objects.get()
    assert email.status == OutgoingEmail.Status.QUEUED  # tried again later by the worker
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert email.payload["body"]  # kept until it has gone


def test_a_title_with_line_breaks_still_reaches_the_moderators_in_a_one_line_subject(mailoutbox, run_jobs):
    ModeratorFactory()
    proposal = ProposalFactory(title="Atelier\r\nBcc: tout-le-monde@example.org")
    moderation_submit(obj=proposal, by=proposal.submitted_by)
    run_jobs()
    [message] = mailoutbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Atelier Bcc: tout-le-monde@example.org" in message.subject
    assert message.bcc == []
