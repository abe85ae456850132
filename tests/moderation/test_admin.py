"""Moderating from the admin: actions, the reason page, the history and the waiting summary."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from cresol.moderation.models import ModerationEvent, Status
from tests.factories import ModeratorFactory, ProposalFactory
from tests.http import page_text
from tests.testapp.models import Proposal

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:testapp_proposal_changelist")


@pytest.fixture
def moderator_client(client):
    client.force_login(ModeratorFactory())
    return client


def test_the_moderators_group_may_view_and_change_every_moderated_model():
    moderator = ModeratorFactory()
    assert moderator.has_perm("testapp.change_proposal")
    assert moderator.has_perm("moderation.view_moderationevent")
    assert not moderator.has_perm("moderation.change_moderationevent")
    assert not moderator.has_perm("testapp.delete_proposal")


def test_the_moderators_also_manage_the_themes_they_are_granted():
    moderator = ModeratorFactory()
    assert moderator.has_perm("themes.change_theme")
    assert moderator.has_perm("themes.add_theme")
    assert not moderator.has_perm("themes.delete_theme")


def test_the_admin_index_counts_what_waits_in_each_section(moderator_client):
    ProposalFactory.create_batch(3, status=Status.PENDING)
    ProposalFactory(status=Status.PUBLISHED)
    response = moderator_client.get(reverse("admin:index"))
    summary = page_text(response).split('id="moderation-summary"')[1].split("</div>")[0]
    assert "Section de test — propositions" in summary
    assert "<td>3</td>" in summary
    assert f"{CHANGELIST}?status__exact=pending" in summary


def test_the_admin_index_runs_the_same_queries_whatever_waits(moderator_client, django_assert_max_num_queries):
    ProposalFactory.create_batch(30, status=Status.PENDING)
    with django_assert_max_num_queries(13):  # one COUNT per moderated model among them
        assert moderator_client.get(reverse("admin:index")).status_code == 200


def test_the_changelist_filters_by_status(moderator_client):
    ProposalFactory(title="En attente", status=Status.PENDING)
    ProposalFactory(title="Déjà publiée", status=Status.PUBLISHED)
    content = page_text(moderator_client.get(CHANGELIST, {"status__exact": "pending"}))
    assert "En attente" in content
    assert "Déjà publiée" not in content


def test_approving_a_selection_publishes_it(moderator_client):
    proposals = ProposalFactory.create_batch(2, status=Status.PENDING)
    response = moderator_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [p.pk for p in proposals]}, follow=True
    )
    assertContains(response, "2 contenus publiés.")
    assert Proposal.objects.published().count() == 2


def test_an_impossible_decision_is_reported_not_applied(moderator_client):
    draft = ProposalFactory(title="Brouillon", status=Status.DRAFT)
    response = moderator_client.post(
        CHANGELIST, {"action": "archive_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assertContains(response, "n&#x27;est pas possible")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_refusing_asks_for_a_reason_then_applies_it(moderator_client):
    proposal = ProposalFactory(status=Status.PENDING)
    selection = {"action": "reject_selected", "_selected_action": [proposal.pk]}

    ask = moderator_client.post(CHANGELIST, selection)
    assertContains(ask, "Motif du refus")

    empty = moderator_client.post(CHANGELIST, {**selection, "apply": "1", "reason": ""})
    assertContains(empty, "Ce champ est obligatoire")
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING

    moderator_client.post(CHANGELIST, {**selection, "apply": "1", "reason": "Doublon de la fiche existante."})
    proposal.refresh_from_db()
    assert proposal.status == Status.REFUSED
    assert proposal.refusal_reason == "Doublon de la fiche existante."


def test_the_change_form_shows_the_history_and_keeps_the_status_read_only(moderator_client):
    proposal = ProposalFactory(status=Status.PENDING)
    ModerationEvent.objects.create(
        content_object=proposal,
        object_repr=str(proposal),
        action="submit",
        from_status="draft",
        to_status="pending",
    )
    url = reverse("admin:testapp_proposal_change", args=[proposal.pk])
    content = page_text(moderator_client.get(url))
    assert "Soumission" in content
    assert 'name="status"' not in content

    moderator_client.post(url, {"title": "Titre corrigé", "status": Status.PUBLISHED})
    proposal.refresh_from_db()
    assert proposal.title == "Titre corrigé"
    assert proposal.status == Status.PENDING


def test_a_member_outside_the_moderators_cannot_moderate(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(CHANGELIST).status_code == 403


def test_a_moderator_decides_from_the_content_page_too(moderator_client):
    proposal = ProposalFactory(status=Status.PENDING)
    url = reverse("admin:testapp_proposal_change", args=[proposal.pk])
    page = page_text(moderator_client.get(url))
    assert "Refuser (avec un motif)…" in page

    selection = {"CHANGE_FORM-action": "reject_selected", "_selected_action": [proposal.pk]}
    ask = moderator_client.post(url, selection)
    assertContains(ask, 'name="CHANGE_FORM-action" value="reject_selected"')
    moderator_client.post(url, {**selection, "apply": "1", "reason": "Informations invérifiables."})
    proposal.refresh_from_db()
    assert proposal.status == Status.REFUSED

    moderator_client.post(url, {"CHANGE_FORM-action": "archive_selected", "_selected_action": [proposal.pk]})
    proposal.refresh_from_db()
    assert proposal.status == Status.ARCHIVED


def test_the_moderation_history_shows_paris_time(client):
    from datetime import UTC, datetime

    from cresol.moderation.models import ModerationEvent
    from cresol.moderation.services import moderation_submit
    from tests.factories import ModeratorFactory, ProposalFactory

    proposal = ProposalFactory()
    moderation_submit(obj=proposal, by=proposal.submitted_by)
    ModerationEvent.objects.update(at=datetime(2026, 7, 1, 10, 5, tzinfo=UTC))  # summer: Paris is UTC+2
    client.force_login(ModeratorFactory(is_superuser=True))
    content = page_text(client.get(f"/admin/testapp/proposal/{proposal.pk}/change/"))
    assert "01/07/2026 12:05" in content
    assert "01/07/2026 10:05" not in content


def test_approving_50_runs_the_queries_of_approving_5_with_every_decision_logged_and_e_mailed(
    moderator_client, django_assert_num_queries
):
    from cresol.outbox.models import OutgoingEmail
    from tests.factories import UserFactory

    def approve(count):
        contributor = UserFactory()
        proposals = ProposalFactory.create_batch(count, status=Status.PENDING, submitted_by=contributor)
        with django_assert_num_queries(99, exact=False) as captured:
            response = moderator_client.post(
                CHANGELIST, {"action": "approve_selected", "_selected_action": [p.pk for p in proposals]}
            )
        assert response.status_code == 302
        return len(captured.captured_queries)

    few = approve(5)
    many = approve(50)
    assert many == few
    assert Proposal.objects.published().count() == 55
    assert ModerationEvent.objects.filter(action="approve").count() == 55
    assert OutgoingEmail.objects.filter(subject__contains="publiée").count() == 55


def test_a_content_staff_add_in_the_admin_can_be_published_there(client):
    """The audit's dead end: a share added with "Ajouter" was a draft that « Publication » refused."""
    from veille.models import Share

    client.force_login(ModeratorFactory(is_superuser=True))
    added = client.post(
        "/admin/veille/share/add/",
        {
            "title": "Guide du réemploi",
            "url": "https://guide.example.org/a",
            "description": "",
            "comment": "Utile.",
            "tags": "",
        },
    )
    assert added.status_code == 302, page_text(added)
    share = Share.objects.get()
    assert share.status == Status.DRAFT and share.canonical_url
    url = reverse("admin:veille_share_change", args=[share.pk])
    response = client.post(url, {"CHANGE_FORM-action": "approve_selected", "_selected_action": [share.pk]}, follow=True)
    assertContains(response, "1 contenu publié")
    share.refresh_from_db()
    assert share.status == Status.PUBLISHED and share.published_at is not None
    assert ModerationEvent.objects.get(object_id=share.pk).action == "publish"  # logged as staff's publication
    assertContains(client.get("/veille/"), "Guide du réemploi")


def test_a_members_draft_stays_theirs_even_for_the_admins_publish_action(moderator_client):
    """Positive control of the rule above: a member's draft, never submitted, is no moderator's."""
    draft = ProposalFactory(status=Status.DRAFT)
    response = moderator_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [draft.pk]}, follow=True
    )
    assertContains(response, "n&#x27;est pas possible")
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
