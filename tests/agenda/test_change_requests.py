"""After publication, the organiser proposes changes; staff compare them field by field and apply them."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from agenda.models import Event, EventChangeRequest
from agenda.recurrence import PARIS
from tests.agenda.test_propose import next_tuesday
from tests.factories import ModeratorFactory, UserFactory, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def published_event(organiser):
    day = next_tuesday()
    start = datetime(day.year, day.month, day.day, 18, 0, tzinfo=PARIS)
    return make_event(
        title="Atelier couture",
        slug="couture",
        start=start,
        end=start + timedelta(hours=2),
        venue_name="Maison des associations",
        address="12 rue Nationale",
        submitted_by=organiser,
        organiser_name="Les Fils solidaires",
        description="Apportez vos vêtements.\nEt du fil.",
    )


def form_as_shown(client, url) -> dict:
    """What the change form posts back untouched: its fields' current values."""
    from agenda.forms import EventChangeForm

    response = client.get(url)
    form = response.context["form"]
    assert isinstance(form, EventChangeForm)
    data = {}
    for name, field in form.fields.items():
        value = field.prepare_value(form.get_initial_for_field(field, name))
        if value in (None, False):
            continue
        if hasattr(value, "geojson"):
            value = value.geojson  # what the map widget's field holds
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data["description"] = data["description"].replace("\n", "\r\n")  # as a browser sends a text area
    return data


def test_the_organiser_proposes_changes_that_wait_for_the_moderators(client, mailoutbox, run_jobs):
    ModeratorFactory()
    organiser = UserFactory()
    event = published_event(organiser)
    client.force_login(organiser)
    url = f"/agenda/{event.slug}/modifier/"
    assertContains(client.get(url), "Proposer une modification de « Atelier couture »")

    unchanged = client.post(url, form_as_shown(client, url))
    assertContains(unchanged, "Vous n&#x27;avez rien modifié.")  # line endings alone are no change

    data = form_as_shown(client, url)
    data.update(start_time="19:00", end_time="21:00", venue_name="Salle Jean Moulin", comment="La salle a changé.")
    response = client.post(url, data)
    assert response.status_code == 302
    change = EventChangeRequest.objects.get()
    assert change.changes == {"start_time": "19:00", "end_time": "21:00", "venue_name": "Salle Jean Moulin"}
    event.refresh_from_db()
    assert event.venue_name == "Maison des associations"  # online as it was until staff apply it
    run_jobs()
    [message] = mailoutbox
    assert message.subject == "[Cré-sol] Modification proposée : " + str(change)
    assert "La salle a changé." in message.body
    assert f"/admin/agenda/eventchangerequest/{change.pk}/change/" in message.body

    space = page_text(client.get("/mon-espace/"))
    assert f'href="/agenda/{event.slug}/modifier/">Proposer une modification' in space


def test_a_moderator_compares_and_applies_the_changes_and_calendars_learn_it(client):
    organiser, moderator = UserFactory(), ModeratorFactory()
    event = published_event(organiser)
    sequence = event.sequence
    change = EventChangeRequest.objects.create(
        event=event,
        submitted_by=organiser,
        changes={"start_time": "19:00", "end_time": "21:00", "venue_name": "Salle Jean Moulin"},
    )
    client.force_login(moderator)
    page = page_text(client.get(reverse("admin:agenda_eventchangerequest_change", args=[change.pk])))
    assert "<th scope='row'>Heure de début</th><td>18:00</td><td>19:00</td>" in page
    assert "Salle Jean Moulin" in page and "Maison des associations" in page

    response = client.post(
        reverse("admin:agenda_eventchangerequest_changelist"),
        {"action": "apply_changes", "_selected_action": [change.pk]},
        follow=True,
    )
    assertContains(response, "Modifications appliquées")
    event = Event.objects.get(pk=event.pk)
    assert event.venue_name == "Salle Jean Moulin"
    assert event.start.astimezone(PARIS).hour == 19
    assert event.occurrences.get().start.astimezone(PARIS).hour == 19
    assert event.sequence > sequence  # subscribed calendars replace their copy
    change.refresh_from_db()
    assert change.state == EventChangeRequest.State.APPLIED and change.decided_by == moderator


def test_a_change_request_is_the_organisers_only_and_refused_changes_change_nothing(client):
    organiser, moderator = UserFactory(), ModeratorFactory()
    event = published_event(organiser)
    client.force_login(UserFactory())
    assert client.get(f"/agenda/{event.slug}/modifier/").status_code == 404
    client.force_login(organiser)  # the positive control: the organiser gets the form
    assertContains(client.get(f"/agenda/{event.slug}/modifier/"), "Proposer une modification de")
    change = EventChangeRequest.objects.create(event=event, submitted_by=organiser, changes={"venue_name": "Ailleurs"})
    client.force_login(moderator)
    client.post(
        reverse("admin:agenda_eventchangerequest_changelist"),
        {"action": "refuse_changes", "_selected_action": [change.pk]},
    )
    change.refresh_from_db()
    assert change.state == EventChangeRequest.State.REFUSED
    assert Event.objects.get(pk=event.pk).venue_name == "Maison des associations"
