"""The member space: profile and contributions, for the member only."""

import pytest

from cresol.moderation.models import Status
from tests.factories import ProposalFactory, UserFactory
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
    client.force_login(member)
    with django_assert_max_num_queries(8):
        assert client.get("/mon-espace/").status_code == 200


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
