"""Moderating events in the admin: one date of a series cancelled or moved, sources' state shown."""

import html
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from agenda.models import Event, ImportSource
from agenda.recurrence import PARIS
from tests.admin_forms import form_data
from tests.factories import ModeratorFactory, make_event
from tests.http import page_text

pytestmark = pytest.mark.django_db


def test_a_moderator_moves_one_date_and_cancels_another_and_the_series_keeps_them(client):
    start = datetime(2027, 1, 5, 18, 0, tzinfo=PARIS)
    event = make_event(
        title="Série",
        start=start,
        end=start + timedelta(hours=2),
        frequency="WEEKLY",
        weekdays=[1],
        until=date(2027, 1, 26),
    )
    client.force_login(ModeratorFactory())
    url = reverse("admin:agenda_event_change", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "toutes les semaines le mardi jusqu'au 26 janvier 2027" in html.unescape(page_text(page))
    data = form_data(page)
    data["occurrences-1-cancelled"] = "on"
    data["occurrences-2-start"], data["occurrences-2-end"] = "2027-01-20T18:00", "2027-01-20T20:00"
    data["_save"] = "Enregistrer"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    occurrences = list(Event.objects.get(pk=event.pk).occurrences.order_by("original_start"))
    assert len(occurrences) == 4
    assert occurrences[1].cancelled
    assert occurrences[2].moved
    assert occurrences[2].start == datetime(2027, 1, 20, 18, 0, tzinfo=PARIS)
    calendar = page_text(client.get(f"/agenda/{event.slug}.ics"))
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
    content = page_text(client.get(reverse("admin:agenda_importsource_changelist")))
    assert "échec : le serveur a répondu 500" in content


def test_a_daily_series_of_431_dates_opens_in_the_queries_of_a_short_one_and_saves(client, django_assert_num_queries):
    from agenda.services import occurrence_cancel

    client.force_login(ModeratorFactory())
    # Forty past dates, then more than a year ahead: 431 rows.
    start = datetime.now(PARIS).replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(days=40)

    def series(days):
        event = make_event(
            title=f"Chaque jour ({days})",
            start=start,
            end=start + timedelta(hours=1),
            frequency="DAILY",
            until=(start + timedelta(days=days - 1)).date(),
        )
        return event, reverse("admin:agenda_event_change", args=[event.pk])

    short, short_url = series(10)
    with django_assert_num_queries(999, exact=False) as few:
        assert client.get(short_url).status_code == 200
    long, long_url = series(431)
    assert long.occurrences.count() == 431
    far = long.occurrences.order_by("original_start")[400]
    occurrence_cancel(occurrence=far)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(long_url)
    content = page_text(page)
    assert content.count('name="occurrences-') // 5 >= 60  # the next 60 dates, with their fields
    assert f'name="occurrences-{60}-id" value="{far.pk}"' in content  # and the one cancelled, far ahead
    assert page.context["inline_admin_formsets"][0].formset.total_form_count() == 61
    assert content.count("Début de la date du") == 61  # each field labelled for screen readers
    assert 'type="datetime-local"' in content
    data = form_data(page)
    data["_save"] = "Enregistrer"
    response = client.post(long_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert Event.objects.get(pk=long.pk).occurrences.filter(cancelled=True).count() == 1
