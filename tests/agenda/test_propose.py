"""A member proposes an event; the organiser cancels it; moderation as for every section."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from agenda.models import Event
from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.factories import InitiativeFactory, ModeratorFactory, UserFactory, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db

URL = "/agenda/proposer/"


def next_tuesday():
    today = timezone.localdate()
    return today + timedelta(days=(1 - today.weekday()) % 7 or 7)


def valid_data(**overrides):
    day = next_tuesday()
    data = {
        "title": "Atelier couture solidaire",
        "summary": "On répare ses vêtements ensemble.",
        "description": "Apportez vos **vêtements**.",
        "kind": "atelier",
        "themes": [Theme.objects.get(slug="reemploi-zero-dechet").pk],
        "tags": "couture",
        "day": day.isoformat(),
        "start_time": "18:00",
        "end_time": "20:00",
        "frequency": "",
        "interval": "1",
        "attendance": "sur-place",
        "venue_name": "Maison des associations",
        "address": "12 rue Nationale",
        "commune_name": "Tours",
        "organiser_name": "Les Fils solidaires",
        "price": "prix-libre",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member_client(client):
    member = UserFactory()
    client.force_login(member)
    client.member = member
    return client


def test_a_weekly_event_in_plain_words_awaits_moderation(member_client, mailoutbox, run_jobs):
    moderator = ModeratorFactory()
    until = next_tuesday() + timedelta(weeks=5)
    response = member_client.post(URL, valid_data(frequency="WEEKLY", weekdays=["1"], until=until.isoformat()))
    run_jobs()
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Status.PENDING
    assert event.occurrences.count() == 6
    assert all(timezone.localtime(o.start).hour == 18 for o in event.occurrences.all())
    assert mailoutbox[0].to == [moderator.email]
    thanks = html.unescape(page_text(member_client.get(response["Location"])))
    assert "toutes les semaines le mardi jusqu'au" in thanks
    assertContains(member_client.get("/mon-espace/"), "Atelier couture solidaire")
    assertNotContains(member_client.get("/agenda/"), "Atelier couture solidaire")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"frequency": "WEEKLY", "until": "", "count": ""}, "Une répétition a une fin"),
        ({"end_time": "17:00"}, "La fin doit venir après le début"),
        ({"start_time": ""}, "Indiquez l'heure de début"),
        ({"attendance": "en-ligne"}, "Donnez le lien de connexion"),
        ({"commune_name": ""}, "Indiquez la commune"),
        ({"commune_name": "Paris"}, "Aucune commune de Centre-Val de Loire"),
        ({"organiser_name": ""}, "Indiquez qui organise"),
        ({"day": "31/02/2027"}, "Saisissez une date valide"),
        ({"excluded_dates": "demain"}, "n'est pas une date"),
        ({"place_initiative": "Initiative inconnue"}, "Aucune initiative de la carte"),
    ],
)
def test_mistakes_are_explained_beside_their_field_and_the_input_is_kept(member_client, overrides, message):
    response = member_client.post(URL, valid_data(**overrides))
    content = html.unescape(page_text(response))
    assert response.status_code == 200
    assert message in content
    assert 'value="Atelier couture solidaire"' in content
    assert not Event.objects.exists()


def test_an_event_at_an_initiative_takes_its_address(member_client):
    InitiativeFactory(name="Ressourcerie de Joué", address="5 rue du Réemploi")
    data = valid_data(place_initiative="Ressourcerie de Joué", commune_name="", address="", venue_name="")
    member_client.post(URL, data)
    event = Event.objects.get()
    assert event.place_initiative.name == "Ressourcerie de Joué"
    assert event.address == "5 rue du Réemploi"
    assert event.commune.code == "37261"


def test_possible_duplicates_the_same_day_are_shown_first(member_client):
    day = next_tuesday()
    existing = make_event(
        title="Atelier couture",
        start=timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()).replace(hour=14)),
    )
    first = html.unescape(page_text(member_client.post(URL, valid_data())))
    assert "peut-être déjà dans l'agenda" in first and existing.title in first
    member_client.post(URL, valid_data(not_a_duplicate="on"))
    assert Event.objects.filter(status=Status.PENDING).count() == 1


def test_the_organiser_cancels_a_published_event_which_stays_visible(member_client):
    event = make_event(title="Fête de quartier", submitted_by=member_client.member, slug="fete")
    assertContains(member_client.get("/agenda/fete/"), "Annuler cet événement")
    member_client.post("/agenda/fete/annuler/")
    event.refresh_from_db()
    assert event.cancelled
    assertContains(member_client.get("/agenda/"), "Fête de quartier")
    assertContains(member_client.get("/agenda/fete.ics"), "STATUS:CANCELLED")


def test_only_the_organiser_may_cancel(client):
    organiser = UserFactory()
    event = make_event(slug="pas-a-moi", submitted_by=organiser)
    client.force_login(UserFactory())
    assert client.post("/agenda/pas-a-moi/annuler/").status_code == 404
    assert client.get("/agenda/pas-a-moi/annuler/").status_code == 405
    event.refresh_from_db()
    assert not event.cancelled
    client.force_login(organiser)  # the positive control: its organiser cancels it
    assert client.post("/agenda/pas-a-moi/annuler/").status_code == 302
    event.refresh_from_db()
    assert event.cancelled


def test_a_pending_event_is_a_404_for_the_public(client):
    make_event(slug="en-attente", status=Status.PENDING, published_at=None)
    make_event(slug="publie", title="Publié")
    assert client.get("/agenda/en-attente/").status_code == 404
    assert client.get("/agenda/en-attente.ics").status_code == 404
    assertContains(client.get("/agenda/publie/"), "Publié")  # the positive control
    assert client.get("/agenda/publie.ics").status_code == 200


def test_event_proposals_are_limited_per_member(member_client):
    from agenda.views import PROPOSALS

    for number in range(PROPOSALS.limit):
        response = member_client.post(URL, valid_data(title=f"Atelier {number}", not_a_duplicate="on"))
        assert response.status_code == 302
    refused = member_client.post(URL, valid_data(title="Encore un", not_a_duplicate="on"))
    assert refused.status_code == 429
    assert 'value="Encore un"' in html.unescape(page_text(refused, 429))
    assert Event.objects.count() == PROPOSALS.limit


def test_a_proposal_is_saved_and_submitted_in_one_transaction(member_client, monkeypatch):
    """One write path (services.event_propose): a submission that fails leaves no event half-saved."""
    from agenda import services

    def submission_fails(**kwargs):
        raise RuntimeError("the moderation service is down")

    monkeypatch.setattr(services, "moderation_submit", submission_fails)
    with pytest.raises(RuntimeError):
        member_client.post(URL, valid_data())
    assert not Event.objects.exists()
    monkeypatch.undo()
    assert member_client.post(URL, valid_data()).status_code == 302  # positive control
    assert Event.objects.get().status == Status.PENDING
