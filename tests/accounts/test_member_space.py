"""The member space: profile and contributions, for the member only."""

import re

import pytest
from pytest_django.asserts import assertContains

from agenda.registrations.services import registrant_register, registration_save
from cresol.moderation.models import Status
from cresol.moderation.registry import registered_sections
from tests.factories import ProposalFactory, UserFactory, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_the_member_space_needs_a_login(client):
    response = client.get("/mon-espace/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")


def test_the_member_space_lists_the_members_contributions_with_their_status(client):
    member = UserFactory()
    ProposalFactory(submitted_by=member, title="Ma ressourcerie", status=Status.PENDING)
    ProposalFactory(submitted_by=member, title="Mon atelier", status=Status.REFUSED, refusal_reason="Hors région")
    ProposalFactory(title="La proposition d'une autre personne")
    client.force_login(member)
    content = page_text(client.get("/mon-espace/"))
    assert "Ma ressourcerie" in content
    assert "En attente" in content
    assert "Hors région" in content
    assert "autre personne" not in content


def test_the_member_space_runs_the_same_queries_with_many_contributions(client, django_assert_max_num_queries):
    member = UserFactory()
    ProposalFactory.create_batch(40, submitted_by=member)
    for number in range(8):  # registered to eight events, four of them on a waiting list
        event = make_event(title=f"Atelier {number}", submitted_by=member)
        registration = registration_save(event=event, data={"capacity": 1})
        if number % 2:
            first = UserFactory()
            registrant_register(registration=registration, name="A", email=first.email, answers={}, user=first)
        registrant_register(registration=registration, name="M", email=member.email, answers={}, user=member)
    client.force_login(member)
    # One query per moderated section (initiatives, events, posts, shares, resources, resource people),
    # whatever the number of contributions, plus the session, the user, the page's own few, the
    # member's alerts, and their registrations (theirs, their ranks in the queues, their events').
    sections = len(registered_sections())
    assert sections >= 6
    with django_assert_max_num_queries(sections + 8):
        response = client.get("/mon-espace/")
    content = response.content.decode()
    assert response.status_code == 200 and content.count("Proposition ") >= 40
    assert content.count("Annuler mon inscription") == 8 and content.count("Liste d'attente (1ᵉ)") == 4


def test_a_member_sets_a_profile_with_a_commune(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        "/mon-espace/profil/",
        {"display_name": "Léa B.", "organisation": "Épicerie solidaire", "commune_name": "blois"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.organisation, member.commune.code) == (
        "Léa B.",
        "Épicerie solidaire",
        "41018",
    )


def test_an_unknown_commune_is_an_error_beside_the_field_and_keeps_the_input(client):
    member = UserFactory(display_name="Avant")
    client.force_login(member)
    response = client.post(
        "/mon-espace/profil/", {"display_name": "Léa B.", "organisation": "", "commune_name": "Lyon"}
    )
    content = page_text(response)
    assert response.status_code == 200
    assert "Aucune commune de Centre-Val de Loire ne correspond à « Lyon »." in content
    assert 'value="Léa B."' in content
    member.refresh_from_db()
    assert member.display_name == "Avant"


def test_each_contribution_links_to_what_its_contributor_may_do(client):
    from tests.factories import InitiativeFactory, make_event, make_post

    member = UserFactory()
    refused = InitiativeFactory(
        submitted_by=member, name="Atelier refusé", status=Status.REFUSED, refusal_reason="Ajoutez la commune."
    )
    published = InitiativeFactory(submitted_by=member, name="Ressourcerie en ligne")
    draft = make_post(author=member, title="Mon brouillon d'article", status=Status.DRAFT, published_at=None)
    event = make_event(title="Fête en attente", status=Status.PENDING, submitted_by=member)
    client.force_login(member)
    content = page_text(client.get("/mon-espace/"))
    assert f'href="/initiatives/{refused.slug}/modifier/">Corriger et renvoyer à la relecture' in content
    assert "Ajoutez la commune." in content
    assert f'href="/initiatives/{published.slug}/">Voir la fiche' in content
    assert f'href="/initiatives/{published.slug}/modifier/">Proposer une modification' in content
    assert f'href="/blog/{draft.slug}/modifier/">Reprendre le brouillon' in content
    assert f'href="/agenda/{event.slug}/modifier/">Modifier' in content
    assert f'action="/mon-espace/retirer/agenda.event/{event.pk}/"' in content
    # Only what waits for review can be withdrawn.
    assert f"/mon-espace/retirer/initiatives.initiative/{refused.pk}/" not in content


def test_a_member_finds_and_fixes_a_refused_initiative_from_their_space(client):
    from tests.factories import InitiativeFactory
    from tests.initiatives.test_propose import valid_data

    member = UserFactory()
    refused = InitiativeFactory(submitted_by=member, status=Status.REFUSED, refusal_reason="Ajoutez la commune.")
    client.force_login(member)
    space = page_text(client.get("/mon-espace/"))
    edit_url = re.search(r'href="([^"]+)">Corriger et renvoyer à la relecture', space).group(1)
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, valid_data(not_a_duplicate="on"))
    assert response.status_code == 302
    refused.refresh_from_db()
    assert refused.status == Status.PENDING
    assertContains(client.get("/mon-espace/"), "En attente")


def test_a_pending_contribution_is_withdrawn_to_a_draft_by_its_contributor_only(client, mailoutbox, run_jobs):
    from cresol.moderation.models import Action, ModerationEvent
    from tests.factories import InitiativeFactory, ModeratorFactory

    ModeratorFactory()
    member = UserFactory()
    pending = InitiativeFactory(submitted_by=member, name="Atelier à retirer", status=Status.PENDING)
    published = InitiativeFactory(submitted_by=member, name="Déjà publiée")
    client.force_login(member)
    response = client.post(f"/mon-espace/retirer/initiatives.initiative/{pending.pk}/", follow=True)
    assertContains(response, "est retiré de la relecture")
    pending.refresh_from_db()
    assert pending.status == Status.DRAFT
    event = ModerationEvent.objects.get(object_id=pending.pk)
    assert (event.action, event.actor, event.to_status) == (Action.WITHDRAW, member, Status.DRAFT)
    assertContains(response, f'href="/initiatives/{pending.slug}/modifier/">Reprendre et envoyer à la relecture')

    refused = client.post(f"/mon-espace/retirer/initiatives.initiative/{published.pk}/", follow=True)
    assertContains(refused, "ne peut plus être retiré")
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED

    someone_else = InitiativeFactory(status=Status.PENDING)
    assert client.post(f"/mon-espace/retirer/initiatives.initiative/{someone_else.pk}/").status_code == 404
    assert client.post(f"/mon-espace/retirer/auth.user/{member.pk}/").status_code == 404
    assert client.get(f"/mon-espace/retirer/initiatives.initiative/{pending.pk}/").status_code == 405
    someone_else.refresh_from_db()
    assert someone_else.status == Status.PENDING
    run_jobs()
    assert mailoutbox == []  # a withdrawal asks nothing of the moderators
