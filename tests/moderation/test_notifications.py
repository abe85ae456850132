"""E-mails after moderation decisions: sent after commit, to the right people, with what they need."""

import pytest

from cresol.moderation.models import Status
from cresol.moderation.services import moderation_approve, moderation_reject, moderation_submit
from tests.factories import ModeratorFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_submission_is_announced_to_every_moderator_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    moderators = [ModeratorFactory(), ModeratorFactory()]
    ModeratorFactory(is_active=False)
    contributor = UserFactory(display_name="Claire Martin")
    proposal = ProposalFactory(title="Repair café de Joué", submitted_by=contributor)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        moderation_submit(obj=proposal, by=contributor)
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert sorted(message.to[0] for message in mailoutbox) == sorted(m.email for m in moderators)
    message = mailoutbox[0]
    assert "Repair café de Joué" in message.subject
    assert "Claire Martin" in message.body
    assert f"/admin/testapp/proposal/{proposal.pk}/change/" in message.body


def test_the_contributor_learns_of_the_publication_with_the_link(mailoutbox, django_capture_on_commit_callbacks):
    contributor = UserFactory()
    proposal = ProposalFactory(submitted_by=contributor, status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_approve(obj=proposal, by=ModeratorFactory())
    [message] = mailoutbox
    assert message.to == [contributor.email]
    assert "publiée" in message.subject
    assert f"http://testserver/propositions/{proposal.pk}/" in message.body


def test_the_contributor_receives_the_refusal_reason(mailoutbox, django_capture_on_commit_callbacks):
    contributor = UserFactory()
    proposal = ProposalFactory(submitted_by=contributor, status=Status.PENDING, title="L'épicerie d'à côté")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_reject(obj=proposal, by=ModeratorFactory(), reason="Hors de la région Centre-Val de Loire.")
    [message] = mailoutbox
    assert message.to == [contributor.email]
    assert "Hors de la région Centre-Val de Loire." in message.body
    assert "L'épicerie d'à côté" in message.body  # plain text: no HTML escaping in e-mails


def test_a_mail_server_failure_does_not_undo_the_decision(settings, django_capture_on_commit_callbacks):
    settings.MAILERS = {  # nothing listens on port 9
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    proposal = ProposalFactory(status=Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        moderation_approve(obj=proposal, by=ModeratorFactory())
    proposal.refresh_from_db()
    assert proposal.status == Status.PUBLISHED


def test_a_title_with_line_breaks_still_reaches_the_moderators_in_a_one_line_subject(
    mailoutbox, django_capture_on_commit_callbacks
):
    from cresol.moderation.services import moderation_submit
    from tests.factories import ModeratorFactory, ProposalFactory

    ModeratorFactory()
    proposal = ProposalFactory(title="Atelier\r\nBcc: tout-le-monde@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_submit(obj=proposal, by=proposal.submitted_by)
    [message] = mailoutbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Atelier Bcc: tout-le-monde@example.org" in message.subject
    assert message.bcc == []
