"""Importing partners' iCalendar feeds from a local server: idempotent, carried-over changes, clean failures."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command

from agenda.importer import due_sources, import_source
from agenda.models import Event, ImportSource
from agenda.recurrence import PARIS
from cresol.core.fetch import FetchError, fetch
from cresol.moderation.models import Status
from cresol.themes.models import Theme
from tests.http import page_text

pytestmark = pytest.mark.django_db


def ics(*vevents: str) -> bytes:
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partenaire//FR", *vevents, "END:VCALENDAR"])
    return body.encode()


def vevent(uid, summary="Atelier couture", start="20270112T180000", end="20270112T200000", extra=()):
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SUMMARY:{summary}",
            f"DTSTART;TZID=Europe/Paris:{start}",
            f"DTEND;TZID=Europe/Paris:{end}",
            "LOCATION:Maison des associations, 12 rue Nationale, 37000 Tours",
            "DTSTAMP:20261101T000000Z",
            *extra,
            "END:VEVENT",
        ]
    )


@pytest.fixture
def source(http_server):
    source = ImportSource.objects.create(name="Mobilizon du Centre", url=http_server.url("/agenda.ics"), trusted=True)
    source.themes.add(Theme.objects.get(slug="culture-education-populaire"))
    return source


def test_a_feed_is_imported_with_its_series_and_run_twice_adds_nothing(http_server, source):
    http_server.route(
        "/agenda.ics",
        body=ics(
            vevent(
                "a@partenaire", extra=["RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4", "EXDATE;TZID=Europe/Paris:20270119T180000"]
            ),
            vevent("b@partenaire", summary="Conférence", start="20270201T200000", end="20270201T220000"),
        ),
    )
    first = import_source(source)
    assert (first.created, first.error) == (2, "")
    series = Event.objects.get(external_uid="a@partenaire")
    assert (series.frequency, series.weekdays, series.count) == ("WEEKLY", [1], 4)
    assert series.excluded_dates == [date(2027, 1, 19)]
    assert series.occurrences.count() == 3
    assert series.status == Status.PUBLISHED  # a trusted source
    assert series.commune.code == "37261"
    assert list(series.themes.values_list("slug", flat=True)) == ["culture-education-populaire"]

    second = import_source(source)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Event.objects.count() == 2


def test_updates_and_cancellations_are_carried_over(http_server, source):
    route = http_server.route("/agenda.ics", body=ics(vevent("a@p", extra=["RRULE:FREQ=WEEKLY;COUNT=3"])))
    import_source(source)
    event = Event.objects.get()
    sequence = event.sequence
    route.body = ics(
        vevent("a@p", summary="Atelier couture (nouvelle salle)", extra=["RRULE:FREQ=WEEKLY;COUNT=3"]),
        "\r\n".join(
            [
                "BEGIN:VEVENT",
                "UID:a@p",
                "RECURRENCE-ID;TZID=Europe/Paris:20270119T180000",
                "DTSTART;TZID=Europe/Paris:20270119T180000",
                "DTEND;TZID=Europe/Paris:20270119T200000",
                "STATUS:CANCELLED",
                "SUMMARY:Atelier couture",
                "END:VEVENT",
            ]
        ),
    )
    report = import_source(source)
    assert report.updated == 1
    event.refresh_from_db()
    assert event.title == "Atelier couture (nouvelle salle)"
    assert event.sequence > sequence
    cancelled = event.occurrences.get(original_start=datetime(2027, 1, 19, 18, 0, tzinfo=PARIS))
    assert cancelled.cancelled
    assert event.occurrences.count() == 3

    route.body = ics(
        vevent(
            "a@p", summary="Atelier couture (nouvelle salle)", extra=["RRULE:FREQ=WEEKLY;COUNT=3", "STATUS:CANCELLED"]
        )
    )
    import_source(source)
    event.refresh_from_db()
    assert event.cancelled


def test_an_untrusted_source_waits_for_moderation(http_server, source):
    source.trusted = False
    source.save()
    http_server.route("/agenda.ics", body=ics(vevent("x@p")))
    import_source(source)
    assert Event.objects.get().status == Status.PENDING


def test_a_conditional_get_answered_304_changes_nothing(http_server, source):
    route = http_server.route("/agenda.ics", body=ics(vevent("x@p")), headers={"ETag": '"v1"'})
    import_source(source)
    source.refresh_from_db()
    assert source.etag == '"v1"'
    import_source(source)
    source.refresh_from_db()
    assert source.last_status == "inchangé (304)"
    assert route.hits == 2


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ({"body": b"<html>pas un calendrier</html>"}, "pas un calendrier"),
        ({"body": b"", "status": 500}, "500"),
        ({"body": b"BEGIN:VCALENDAR\r\n" + b"X" * (6 * 1024 * 1024)}, "trop volumineux"),
    ],
)
def test_a_broken_feed_is_recorded_on_its_source_and_the_others_still_run(http_server, source, route, message):
    http_server.route("/agenda.ics", **route)
    healthy = ImportSource.objects.create(name="Sain", url=http_server.url("/sain.ics"), trusted=True)
    http_server.route("/sain.ics", body=ics(vevent("ok@p")))
    call_command("import_ical", stdout=io.StringIO())
    source.refresh_from_db()
    assert message in source.last_error
    assert source.consecutive_failures == 1
    assert Event.objects.filter(source=healthy).count() == 1


def test_a_slow_feed_times_out_cleanly(http_server):
    http_server.route("/lent.ics", body=ics(vevent("x@p")), delay=2)
    with pytest.raises(FetchError, match="délai"):
        fetch(http_server.url("/lent.ics"), read_timeout=0.5)


def test_a_feed_that_drips_bytes_hits_the_deadline(http_server):
    http_server.route("/goutte.ics", body=b"B" * 40, chunks=40, chunk_delay=0.1)
    with pytest.raises(FetchError, match="délai"):
        fetch(http_server.url("/goutte.ics"), read_timeout=1, deadline=1)


def test_a_failing_source_is_retried_later_not_at_every_run(http_server, source):
    http_server.route("/agenda.ics", status=500)
    import_source(source)
    assert source not in list(due_sources())
    from django.utils import timezone

    assert source in list(due_sources(now=timezone.now() + timedelta(hours=2)))


def test_an_event_the_agenda_cannot_read_is_skipped_and_the_rest_imported(http_server, source):
    broken = "\r\n".join(["BEGIN:VEVENT", "UID:broken@p", "SUMMARY:Sans date", "END:VEVENT"])
    http_server.route("/agenda.ics", body=ics(broken, vevent("ok@p")))
    report = import_source(source)
    assert (report.created, report.skipped) == (1, 1)


REFUSED_URLS = [
    "http://127.0.0.1:9/x.ics",
    "http://localhost/x.ics",
    "http://10.0.0.1/x.ics",
    "http://169.254.169.254/latest",
    "file:///etc/passwd",
    "ftp://example.org/x",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_private_loopback_and_odd_addresses_are_never_fetched(settings, url):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="refusée"):
        fetch(url)


def test_an_untrusted_feed_goes_through_moderation_logged_with_one_e_mail_for_the_run(
    http_server, source, mailoutbox, run_jobs
):
    from cresol.moderation.models import ModerationEvent
    from tests.factories import ModeratorFactory

    moderator = ModeratorFactory()
    source.trusted = False
    source.save()
    http_server.route(
        "/agenda.ics",
        body=ics(
            vevent("a@partenaire", summary="Atelier\\nsur deux lignes"),
            vevent("b@partenaire", summary="Conférence"),
        ),
    )
    report = import_source(source)
    run_jobs()
    assert report.created == 2
    assert set(Event.objects.values_list("status", flat=True)) == {Status.PENDING}
    assert ModerationEvent.objects.filter(action="submit").count() == 2
    assert Event.objects.get(external_uid="a@partenaire").title == "Atelier sur deux lignes"
    [message] = mailoutbox
    assert message.to == [moderator.email]
    assert message.subject == "[Cré-sol] À modérer : 2 événements de « Mobilizon du Centre »"
    assert "Atelier sur deux lignes" in message.body and "Conférence" in message.body
    mailoutbox.clear()
    assert import_source(source).unchanged == 2
    run_jobs()
    assert mailoutbox == []  # nothing new, nothing to tell


def test_a_trusted_feed_publishes_at_once_with_a_logged_decision_and_no_e_mail(
    http_server, source, mailoutbox, run_jobs
):
    from cresol.moderation.models import ModerationEvent
    from tests.factories import ModeratorFactory

    ModeratorFactory()
    http_server.route("/agenda.ics", body=ics(vevent("a@partenaire")))
    import_source(source)
    run_jobs()
    event = Event.objects.get()
    assert event.status == Status.PUBLISHED and event.published_at is not None
    assert list(ModerationEvent.objects.values_list("action", "to_status")) == [("publish", "published")]
    assert mailoutbox == []


def test_what_the_import_skipped_or_simplified_is_shown_on_the_sources_admin_page(http_server, source, client):
    from django.urls import reverse

    from tests.factories import ModeratorFactory

    http_server.route(
        "/agenda.ics",
        body=ics(
            vevent("a@partenaire", extra=["RRULE:FREQ=YEARLY;BYMONTH=3"]),
            "BEGIN:VEVENT\r\nSUMMARY:Sans identifiant\r\nDTSTART:20270301T100000Z\r\nEND:VEVENT",
            vevent("b@partenaire", summary="Ordinaire"),
        ),
    )
    import_source(source)
    client.force_login(ModeratorFactory(is_superuser=True))
    page = page_text(client.get(reverse("admin:agenda_importsource_change", args=[source.pk])))
    assert "« Sans identifiant » ignoré : sans UID" in page
    assert "a@partenaire" not in page  # a yearly rule is no longer cut: nothing to say about it
    yearly = Event.objects.get(external_uid="a@partenaire")
    assert yearly.occurrences.count() >= 2 and yearly.recurrence == "RRULE:FREQ=YEARLY;BYMONTH=3"
    assert "b@partenaire" not in page  # imported as it was: nothing to say
    http_server.route("/agenda.ics", body=ics(vevent("b@partenaire", summary="Ordinaire")))
    import_source(source)
    page = page_text(client.get(reverse("admin:agenda_importsource_change", args=[source.pk])))
    assert "Aucune : tout a été repris." in page


def test_an_import_mirrors_the_feed_removed_events_cancelled_and_restored_dates_restored(http_server, source):
    http_server.route(
        "/agenda.ics",
        body=ics(
            vevent("serie@partenaire", extra=["RRULE:FREQ=WEEKLY;COUNT=4"]),
            "\r\n".join(
                [
                    "BEGIN:VEVENT",
                    "UID:serie@partenaire",
                    "RECURRENCE-ID;TZID=Europe/Paris:20270119T180000",
                    "DTSTART;TZID=Europe/Paris:20270120T180000",
                    "DTEND;TZID=Europe/Paris:20270120T200000",
                    "SUMMARY:Atelier couture",
                    "DTSTAMP:20261101T000000Z",
                    "END:VEVENT",
                ]
            ),
            "\r\n".join(
                [
                    "BEGIN:VEVENT",
                    "UID:serie@partenaire",
                    "RECURRENCE-ID;TZID=Europe/Paris:20270126T180000",
                    "DTSTART;TZID=Europe/Paris:20270126T180000",
                    "STATUS:CANCELLED",
                    "SUMMARY:Atelier couture",
                    "DTSTAMP:20261101T000000Z",
                    "END:VEVENT",
                ]
            ),
            vevent("conference@partenaire", summary="Conférence"),
        ),
    )
    import_source(source)
    series = Event.objects.get(external_uid="serie@partenaire")
    local = [o.start.astimezone(PARIS) for o in series.occurrences.order_by("original_start")]
    assert [d.day for d in local] == [12, 20, 26, 2]
    assert series.occurrences.get(original_start__day=26).cancelled

    # The partner moves the date back, restores the cancelled one and removes the conference.
    http_server.route("/agenda.ics", body=ics(vevent("serie@partenaire", extra=["RRULE:FREQ=WEEKLY;COUNT=4"])))
    report = import_source(source)
    assert report.removed == 1
    occurrences = list(series.occurrences.order_by("start"))
    assert [o.start.astimezone(PARIS).day for o in occurrences] == [12, 19, 26, 2]
    assert not any(o.cancelled or o.moved for o in occurrences)
    conference = Event.objects.get(external_uid="conference@partenaire")
    assert conference.cancelled

    # It comes back: the conference is no longer cancelled.
    http_server.route(
        "/agenda.ics",
        body=ics(
            vevent("serie@partenaire", extra=["RRULE:FREQ=WEEKLY;COUNT=4"]),
            vevent("conference@partenaire", summary="Conférence"),
        ),
    )
    import_source(source)
    conference.refresh_from_db()
    assert not conference.cancelled


def test_an_empty_calendar_cancels_nothing(http_server, source):
    http_server.route("/agenda.ics", body=ics(vevent("a@partenaire")))
    import_source(source)
    http_server.route("/agenda.ics", body=ics())
    report = import_source(source)
    assert report.removed == 0 and not Event.objects.get().cancelled
    assert "aucun événement" in source.last_notes


def test_the_same_event_from_two_sources_is_listed_once_and_the_calendar_has_unique_uids(http_server, source, client):
    other = ImportSource.objects.create(name="Autre agenda", url=http_server.url("/autre.ics"), trusted=True)
    http_server.route("/agenda.ics", body=ics(vevent("commun@reseau", summary="Forum de l'ESS")))
    http_server.route(
        "/autre.ics",
        body=ics(vevent("commun@reseau", summary="Forum de l'ESS"), vevent("propre@autre", summary="Propre à l'autre")),
    )
    import_source(source)
    report = import_source(other)
    assert report.created == 1 and report.skipped == 1
    assert "commun@reseau : déjà importé depuis « Mobilizon du Centre »" in other.last_notes
    assert Event.objects.filter(external_uid="commun@reseau").count() == 1
    uids = [line for line in page_text(client.get("/agenda.ics")).split("\r\n") if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == 2


def test_an_until_in_utc_before_the_last_days_hour_excludes_that_day(http_server, source):
    # Weekly at 18:00 Paris; UNTIL 2027-01-26 at 16:59 UTC (17:59 Paris): the 26th at 18:00 is after it.
    http_server.route(
        "/agenda.ics",
        body=ics(
            vevent("u@partenaire", extra=["RRULE:FREQ=WEEKLY;UNTIL=20270126T165900Z"]),
            vevent("v@partenaire", extra=["RRULE:FREQ=WEEKLY;UNTIL=20270126T170000Z"]),
        ),
    )
    import_source(source)
    days = {}
    for uid in ("u@partenaire", "v@partenaire"):
        occurrences = Event.objects.get(external_uid=uid).occurrences.order_by("start")
        days[uid] = [o.start.astimezone(PARIS).day for o in occurrences]
    assert days == {"u@partenaire": [12, 19], "v@partenaire": [12, 19, 26]}


def test_outlook_names_a_date_of_an_all_day_series_with_a_time(http_server, source):
    http_server.route(
        "/agenda.ics",
        body=ics(
            "\r\n".join(
                [
                    "BEGIN:VEVENT",
                    "UID:journee@partenaire",
                    "SUMMARY:Permanence",
                    "DTSTART;VALUE=DATE:20270112",
                    "DTEND;VALUE=DATE:20270113",
                    "RRULE:FREQ=WEEKLY;COUNT=3",
                    "DTSTAMP:20261101T000000Z",
                    "END:VEVENT",
                    "BEGIN:VEVENT",
                    "UID:journee@partenaire",
                    "SUMMARY:Permanence",
                    "RECURRENCE-ID:20270119T000000Z",
                    "DTSTART;VALUE=DATE:20270119",
                    "STATUS:CANCELLED",
                    "DTSTAMP:20261101T000000Z",
                    "END:VEVENT",
                ]
            )
        ),
    )
    import_source(source)
    event = Event.objects.get(external_uid="journee@partenaire")
    cancelled = [o.start.astimezone(PARIS).day for o in event.occurrences.filter(cancelled=True)]
    assert cancelled == [19]
    assert event.occurrences.count() == 3


def test_new_events_are_created_together_namesakes_get_distinct_slugs_and_a_bad_one_is_skipped_alone(
    http_server, source, django_assert_max_num_queries
):
    http_server.route(
        "/agenda.ics",
        body=ics(
            *(vevent(f"n{number}@partenaire", summary="Atelier couture") for number in range(30)),
            vevent("mauvais@partenaire", summary="Compte nul", extra=["RRULE:FREQ=WEEKLY;COUNT=0"]),
        ),
    )
    with django_assert_max_num_queries(150):  # about 40 an event one by one: 1,200 for these 31
        report = import_source(source)
    assert (report.created, report.skipped) == (30, 1)
    slugs = list(Event.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 30
    assert "mauvais@partenaire : ignoré (count :" in source.last_notes
    assert all(event.occurrences.count() == 1 for event in Event.objects.all())


def test_when_the_batch_fails_as_a_whole_each_new_event_is_created_alone(http_server, source, monkeypatch):
    from django.db import IntegrityError

    from agenda import services

    real_events_create = services.events_create

    def failing_for_batches(*, events, themes=()):
        if len(events) > 1:
            raise IntegrityError("simulated failure of the whole batch")
        return real_events_create(events=events, themes=themes)

    monkeypatch.setattr(services, "events_create", failing_for_batches)
    http_server.route("/agenda.ics", body=ics(vevent("a@partenaire"), vevent("b@partenaire", summary="Conférence")))
    report = import_source(source)
    assert (report.created, report.skipped) == (2, 0)
    assert sorted(Event.objects.values_list("external_uid", flat=True)) == ["a@partenaire", "b@partenaire"]
    assert all(event.occurrences.exists() and event.status == "published" for event in Event.objects.all())
