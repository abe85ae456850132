"""The moderation mechanism, through the small moderated model of tests/testapp."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cresol.moderation.models import Action, ModerationEvent, Status
from cresol.moderation.services import (
    TransitionNotAllowed,
    moderation_approve,
    moderation_archive,
    moderation_reject,
    moderation_submit,
)
from tests.factories import ModeratorFactory, ProposalFactory, UserFactory
from tests.testapp.models import Proposal

pytestmark = pytest.mark.django_db


def test_a_new_content_is_a_draft_and_not_published():
    proposal = ProposalFactory()
    assert proposal.status == Status.DRAFT
    assert not Proposal.objects.published().exists()


def test_the_full_life_of_a_content_is_recorded_in_the_audit_log():
    contributor, moderator = UserFactory(), ModeratorFactory()
    proposal = ProposalFactory(submitted_by=contributor)

    moderation_submit(obj=proposal, by=contributor)
    moderation_reject(obj=proposal, by=moderator, reason="Il manque la commune.")
    moderation_submit(obj=proposal, by=contributor)
    moderation_approve(obj=proposal, by=moderator)
    moderation_archive(obj=proposal, by=moderator)

    proposal.refresh_from_db()
    assert proposal.status == Status.ARCHIVED
    assert proposal.decided_by == moderator
    events = list(ModerationEvent.objects.filter(object_id=proposal.pk).order_by("at", "id"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        (Action.SUBMIT, Status.DRAFT, Status.PENDING),
        (Action.REJECT, Status.PENDING, Status.REFUSED),
        (Action.SUBMIT, Status.REFUSED, Status.PENDING),
        (Action.APPROVE, Status.PENDING, Status.PUBLISHED),
        (Action.ARCHIVE, Status.PUBLISHED, Status.ARCHIVED),
    ]
    assert events[1].reason == "Il manque la commune."
    assert events[1].actor == moderator
    assert events[0].actor == contributor


def test_approval_publishes_and_stamps_the_first_publication_date():
    moderator = ModeratorFactory()
    proposal = ProposalFactory(status=Status.PENDING)
    moderation_approve(obj=proposal, by=moderator)
    assert list(Proposal.objects.published()) == [proposal]
    first_publication = proposal.published_at
    assert first_publication is not None
    moderation_archive(obj=proposal, by=moderator)
    moderation_approve(obj=proposal, by=moderator)
    proposal.refresh_from_db()
    assert proposal.published_at == first_publication


@pytest.mark.parametrize(
    ("status", "service"),
    [
        (Status.DRAFT, moderation_approve),
        (Status.PUBLISHED, moderation_submit),
        (Status.PUBLISHED, moderation_approve),
        (Status.ARCHIVED, moderation_archive),
        (Status.DRAFT, moderation_archive),
    ],
)
def test_a_forbidden_transition_is_a_clear_error_and_changes_nothing(status, service):
    proposal = ProposalFactory(status=status)
    with pytest.raises(TransitionNotAllowed) as raised:
        service(obj=proposal, by=ModeratorFactory())
    assert "n'est pas possible" in raised.value.messages[0]
    assert str(Status(status).label) in raised.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == status
    assert not ModerationEvent.objects.exists()


def test_the_status_read_from_the_database_decides_not_a_stale_copy():
    moderator = ModeratorFactory()
    proposal = ProposalFactory(status=Status.PENDING)
    stale = Proposal.objects.get(pk=proposal.pk)
    moderation_approve(obj=proposal, by=moderator)
    with pytest.raises(TransitionNotAllowed):
        moderation_reject(obj=stale, by=moderator, reason="Doublon")
    assert Proposal.objects.get(pk=proposal.pk).status == Status.PUBLISHED


def test_a_refusal_needs_a_reason():
    proposal = ProposalFactory(status=Status.PENDING)
    with pytest.raises(ValidationError) as raised:
        moderation_reject(obj=proposal, by=ModeratorFactory(), reason="   ")
    assert "motif" in raised.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING


def test_the_database_refuses_a_refusal_without_reason():
    proposal = ProposalFactory()
    with pytest.raises(IntegrityError):
        Proposal.objects.filter(pk=proposal.pk).update(status=Status.REFUSED, refusal_reason="")


def test_submitting_again_clears_the_previous_refusal_reason():
    contributor = UserFactory()
    proposal = ProposalFactory(submitted_by=contributor, status=Status.PENDING)
    moderation_reject(obj=proposal, by=ModeratorFactory(), reason="Incomplet")
    moderation_submit(obj=proposal, by=contributor)
    proposal.refresh_from_db()
    assert proposal.refusal_reason == ""
    assert proposal.status == Status.PENDING
