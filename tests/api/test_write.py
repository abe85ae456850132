"""Partners write through the API with a token: the members' forms say what is wrong, in French, as
problem documents; what they send goes through the same services and moderation as a member's."""

import json

import pytest

from cresol.api import services
from cresol.api.models import PartnerToken, Scope
from cresol.moderation.models import ModerationEvent, Status
from cresol.territories.models import Commune
from initiatives.models import Initiative
from tests.factories import InitiativeFactory, ModeratorFactory

from .partner import API, PartnerClient
from .tokens import partner_token

pytestmark = pytest.mark.django_db

INITIATIVE = {
    "name": "Épicerie solidaire de Vierzon",
    "summary": "Des produits de qualité à petit prix, et un café.",
    "kind": "association",
    "themes": ["alimentation-agriculture"],
    "commune": "Vierzon",
    "email": "contact@epicerie.example.org",
    "tags": ["vrac", "café"],
}


def test_a_partners_initiative_waits_for_review_as_a_members_does(client, mailoutbox, run_jobs):
    ModeratorFactory()  # told of the submission by e-mail
    token, secret = partner_token()
    partner = PartnerClient(client, secret)
    response = partner.post(f"{API}/initiatives/", INITIATIVE)
    assert response.status_code == 201, response.content
    created = json.loads(response.content)
    assert created["status"] == Status.PENDING and created["published"] is False and created["url"] is None
    initiative = Initiative.objects.get(pk=created["id"])
    assert initiative.submitted_by == token.account and initiative.commune.name == "Vierzon"
    assert sorted(initiative.tags.names()) == ["café", "vrac"]
    assert initiative.description_html == ""  # derived fields computed by the service
    assert ModerationEvent.objects.filter(object_id=initiative.pk, action="submit").exists()
    run_jobs()
    assert any("Épicerie solidaire de Vierzon" in message.body for message in mailoutbox)
    # Not in the API until a moderator publishes it.
    assert "Épicerie" not in client.get(f"{API}/initiatives/").content.decode()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_trusted_partners_initiative_is_published_at_once(client):
    _token, secret = partner_token(trusted=True)
    response = PartnerClient(client, secret).post(f"{API}/initiatives/", {**INITIATIVE, "lat": 47.22, "lon": 2.07})
    assert response.status_code == 201
    created = json.loads(response.content)
    assert created["published"] is True and created["url"].endswith(f"/initiatives/{created['slug']}/")
    initiative = Initiative.objects.get(pk=created["id"])
    assert (round(initiative.point.y, 2), round(initiative.point.x, 2)) == (47.22, 2.07)
    assert "Épicerie solidaire de Vierzon" in client.get(f"{API}/initiatives/").content.decode()


def test_errors_are_the_forms_french_messages_beside_each_field(client):
    _token, secret = partner_token()
    partner = PartnerClient(client, secret)
    bad = {**INITIATIVE, "commune": "Atlantis", "themes": ["inconnue"], "email": "", "name": "", "couleur": "rouge"}
    response = partner.post(f"{API}/initiatives/", bad)
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["errors"] == {
        "couleur": ["Champ inconnu : retirez-le (voir la description de l'API)."]
    }
    del bad["couleur"]
    problem = json.loads(partner.post(f"{API}/initiatives/", bad).content)
    assert problem["status"] == 422 and problem["title"] == "Données invalides"
    assert "Atlantis" in problem["errors"]["commune"][0]
    assert "inconnue" in problem["errors"]["themes"][0]
    assert problem["errors"]["name"] == ["Ce champ est obligatoire."]
    assert not Initiative.objects.exists()
    not_json = client.post(
        f"{API}/initiatives/", b"{nom:", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert not_json.status_code == 400 and "JSON" in json.loads(not_json.content)["title"]


def test_a_possible_duplicate_is_a_409_until_the_partner_confirms(client):
    InitiativeFactory(
        name="Épicerie solidaire de Vierzon",
        commune=Commune.objects.get(name="Vierzon"),
    )
    _token, secret = partner_token()
    partner = PartnerClient(client, secret)
    response = partner.post(f"{API}/initiatives/", INITIATIVE)
    assert response.status_code == 409
    problem = json.loads(response.content)
    assert problem["duplicates"][0]["name"] == "Épicerie solidaire de Vierzon"
    confirmed = partner.post(f"{API}/initiatives/", {**INITIATIVE, "not_a_duplicate": True})
    assert confirmed.status_code == 201
    assert Initiative.objects.get(pk=json.loads(confirmed.content)["id"]).duplicate_acknowledged


def test_no_token_or_a_revoked_one_is_a_401_and_a_missing_scope_a_403(client):
    assert client.post(f"{API}/initiatives/", INITIATIVE, content_type="application/json").status_code == 401
    wrong = client.post(
        f"{API}/initiatives/", INITIATIVE, content_type="application/json", HTTP_AUTHORIZATION="Bearer cresol_x_y"
    )
    assert wrong.status_code == 401 and wrong["WWW-Authenticate"].startswith("Bearer")
    token, secret = partner_token(scopes=[Scope.SHARES])
    partner = PartnerClient(client, secret)
    forbidden = partner.post(f"{API}/initiatives/", INITIATIVE)
    assert forbidden.status_code == 403 and "initiatives" in json.loads(forbidden.content)["detail"]
    # Positive control: the same token may share a link.
    share = {"url": "https://example.org/appel", "title": "Appel à projets", "comment": "Pour les épiceries."}
    assert partner.post(f"{API}/partages/", share).status_code == 201
    services.tokens_revoke(tokens_selected=PartnerToken.objects.filter(pk=token.pk))
    revoked = partner.post(f"{API}/partages/", {**share, "url": "https://example.org/autre"})
    assert revoked.status_code == 401
    assert not Initiative.objects.exists()


def test_a_partners_event_goes_through_the_organisers_form(client):
    _token, secret = partner_token()
    partner = PartnerClient(client, secret)
    event = {
        "title": "Atelier réparation vélo",
        "kind": "atelier",
        "themes": ["mobilite"],
        "day": "2027-03-13",
        "start_time": "14:00",
        "end_time": "17:00",
        "attendance": "sur-place",
        "venue_name": "La Cyclerie",
        "commune": "Tours",
        "price": "gratuit",
        "organiser_name": "La Cyclerie",
    }
    response = partner.post(f"{API}/evenements/", event)
    assert response.status_code == 201, response.content
    assert json.loads(response.content)["status"] == Status.PENDING
    late = partner.post(f"{API}/evenements/", {**event, "end_time": "13:00", "title": "Autre atelier"})
    assert late.status_code == 422
    assert json.loads(late.content)["errors"]  # the form's own message on the times
