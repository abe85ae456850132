"""Moderating events in the admin: one date of a series cancelled or moved, sources' state shown."""

import html
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from agenda.models import Event, ImportSource
from agenda.recurrence import PARIS
from tests.admin_forms import form_data
from tests.factories import ModeratorFactory, make_event

pytestmark = pytest.mark.django_db


def test_a_moderator_moves_one_date_and_cancels_another_and_the_series_keeps_them(client):
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    event = make_event(title="Série", start=start, end=start + timedelta(hours=2), frequency="WEEKLY", weekdays=[1],
                       until=date(2027, 1, 26))  # fmt: skip
    client.force_login(ModeratorFactory())
    url = reverse("admin:agenda_event_change", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "toutes les semaines le mardi jusqu'au 26 janvier 2027" in html.unescape(page.content.decode())
    data = form_data(page)
    data["occurrences-1-cancelled"] = "on"
    data["occurrences-2-start_0"] = data["occurrences-2-end_0"] = "2027-01-20"
    data["_save"] = "Enregistrer"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    occurrences = list(Event.objects.get(pk=event.pk).occurrences.order_by("original_start"))
    assert len(occurrences) == 4
    assert occurrences[1].cancelled
    assert occurrences[2].moved
    assert occurrences[2].start == datetime(2027, 1, 20, 18, 0, tzinfo=PARIS)
    calendar = client.get(f"/agenda/{event.slug}.ics").content.decode()
    assert "RECURRENCE-ID;TZID=Europe/Paris:20270112T180000" in calendar
    assert "RECURRENCE-ID;TZID=Europe/Paris:20270119T180000" in calendar
    assert "DTSTART;TZID=Europe/Paris:20270120T180000" in calendar


def test_a_failing_source_shows_its_error_in_the_admin_list(client):
    ImportSource.objects.create(
        name="Cassée",
        url="https://x.example.org/a.ics",
        last_status="échec : le serveur a répondu 500",
        consecutive_failures=3,
    )
    client.force_login(ModeratorFactory())
    content = client.get(reverse("admin:agenda_importsource_changelist")).content.decode()
    assert "échec : le serveur a répondu 500" in content
