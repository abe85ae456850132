"""Partners' calendars that smuggle, stall or bend the rules: what an outside audit sent, and more.

Each calendar is served by a local server and imported as a partner's would be; what the portal then
publishes is read back by a strict parser (icalendar) and by a naive line-by-line reader.
"""

import time
import tracemalloc
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone

from agenda.importer import import_source
from agenda.models import Event, ImportSource, Occurrence
from agenda.recurrence import MAX_OCCURRENCES, PARIS
from agenda.services import event_regenerate_occurrences
from tests.http import page_text

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def calendar_text(*vevents: list[str], extra: tuple = ()) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Partenaire//FR", *extra]
    for vevent in vevents:
        lines.extend(vevent)
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def vevent(uid: str, *lines: str, summary: str = "Atelier", start: str | None = None) -> list[str]:
    start = start or f"{timezone.localdate() + timedelta(days=10):%Y%m%d}T180000"
    has_start = any(line.startswith("DTSTART") for line in lines)
    dates = [] if has_start else [f"DTSTART;TZID=Europe/Paris:{start}"]
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SUMMARY:{summary}",
        "DTSTAMP:20260101T000000Z",
        *dates,
        *lines,
        "END:VEVENT",
    ]


@pytest.fixture
def serve(http_server):
    """serve(body, name=…) → the source, imported once; its report is `source.report`."""
    sources = {}

    def serve(body: bytes, name: str = "Partenaire", path: str = "/agenda.ics") -> ImportSource:
        http_server.route(path, body=body)
        if path not in sources:
            sources[path] = ImportSource.objects.create(name=name, url=http_server.url(path), trusted=True)
        source = sources[path]
        source.report = import_source(source)
        source.refresh_from_db()
        return source

    return serve


def naive_vevents(text: str) -> list[list[str]]:
    """The VEVENTs as a naive reader sees them: lines split at CRLF, folded ones joined, nothing else."""
    events, current = [], None
    for line in text.replace("\r\n ", "").split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT" and current is not None:
            events.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return events


HOSTILE_UID = r"evil@partenaire\nEND:VEVENT\nBEGIN:VEVENT\nUID:smuggled@evil\nSUMMARY:Faux rendez-vous\nEND:VEVENT"


def test_a_hostile_calendar_adds_no_event_to_the_agenda_ics_nor_to_the_events_own(serve, client):
    """The audit's calendar: an escaped \\n in a UID came back as a real line break after `UID:`."""
    source = serve(
        calendar_text(
            vevent(
                HOSTILE_UID,
                "DESCRIPTION:Première ligne\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Encore",
                "LOCATION:Salle\\, 12 rue Nationale\\; Tours\\nEND:VEVENT",
                summary="Atelier\\nEND:VEVENT",
            ),
            vevent("honnete@partenaire", "RRULE:FREQ=WEEKLY;COUNT=3", summary="Atelier honnête"),
        )
    )
    assert source.report.created == 2, source.last_notes
    assert "caractères de contrôle" in source.last_notes  # the normalised UID is noted for staff
    stored = Event.objects.order_by("pk")
    stored_uids = [event.external_uid for event in stored]
    assert "\n" not in stored_uids[0] and stored_uids[0].startswith("evil@partenaire END:VEVENT")
    year = {"du": str(timezone.localdate()), "au": str(timezone.localdate() + timedelta(days=60))}
    for url in ("/agenda.ics", *(f"/agenda/{event.slug}.ics" for event in stored)):
        text = page_text(client.get(url, year if url == "/agenda.ics" else {}))
        strict = icalendar.Calendar.from_ical(text).walk("VEVENT")
        naive = naive_vevents(text)
        expected = stored_uids if url == "/agenda.ics" else [stored.get(slug=url.split("/")[-1][:-4]).external_uid]
        assert sorted(str(component["uid"]) for component in strict) == sorted(expected), url
        assert len(naive) == len(expected), url
        assert sum(line.startswith("UID:") for vevent in naive for line in vevent) == len(expected)
        assert not any(line.startswith(("BEGIN:", "END:")) for vevent in naive for line in vevent), url
        assert "smuggled@evil" not in [line[4:] for vevent in naive for line in vevent if line.startswith("UID:")]
        assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "every line folded"


def test_every_property_written_goes_through_the_writer_that_escapes_and_folds_it():
    from agenda.ics import prop, rewritten

    assert prop("UID", "a\nEND:VEVENT,b;c\\", text=True) == "UID:a\\nEND:VEVENT\\,b\\;c\\\\"
    assert prop("URL", "https://example.org/\r\nBEGIN:VEVENT") == "URL:https://example.org/BEGIN:VEVENT"
    assert prop("ORGANIZER", "https://x.example", cn='A "B"\nC: D') == "ORGANIZER;CN=\"A 'B' C: D\":https://x.example"
    assert prop("DTSTART", "20270101T100000", tzid="Europe/Paris") == "DTSTART;TZID=Europe/Paris:20270101T100000"
    long = prop("DESCRIPTION", "é" * 100, text=True)
    assert all(len(line.encode()) <= 75 for line in long.split("\r\n")) and long.count("\r\n ") >= 2
    with pytest.raises(ValueError):
        prop("SUMMARY\r\nBEGIN", "x")
    assert rewritten("RRULE:FREQ=DAILY;X-EVIL=a\x0bb") == "RRULE:FREQ=DAILY;X-EVIL=ab"


def test_a_minutely_series_begun_in_2007_imports_in_two_seconds_and_keeps_its_coming_dates(serve):
    """The audit's calendar took 5.5 minutes and 3.5 GB: 1.1 million dates counted from 2007."""
    body = calendar_text(
        vevent(
            "minutes@partenaire", "DTSTART;TZID=Europe/Paris:20070101T000000", "DURATION:PT1M", "RRULE:FREQ=MINUTELY"
        )
    )
    before = timezone.now()
    tracemalloc.start()
    started = time.perf_counter()
    source = serve(body)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert source.report.created == 1, source.last_notes
    assert elapsed <= 2.0 and peak <= 50 * 1024 * 1024, (elapsed, peak)
    minutes = Event.objects.get(external_uid="minutes@partenaire").occurrences
    coming = list(minutes.filter(start__gte=before).order_by("start").values_list("start", flat=True))
    # The thousand dates from the import's instant (and one more begun since `before`, at most).
    assert MAX_OCCURRENCES <= len(coming) <= MAX_OCCURRENCES + 1 and coming[0] - before <= timedelta(minutes=1)
    assert all(later - earlier == timedelta(minutes=1) for earlier, later in zip(coming, coming[1:], strict=False))
    assert "minutes@partenaire : série très fréquente, seules ses 1000 prochaines dates" in source.last_notes


def test_a_series_by_the_second_and_a_date_that_never_comes_import_in_seconds_too(serve):
    """SECONDLY as well; and the 30th of February, asked daily, had dateutil count days to the year 9999."""
    body = calendar_text(
        vevent("secondes@partenaire", "DTSTART:20070101T000000Z", "DURATION:PT1S", "RRULE:FREQ=SECONDLY;INTERVAL=7"),
        vevent(
            "fevrier-30@partenaire",
            "DTSTART;TZID=Europe/Paris:20070101T100000",
            "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
        ),
        vevent("compte@partenaire", "DTSTART;TZID=Europe/Paris:20070101T100000", "RRULE:FREQ=MINUTELY;COUNT=900000"),
    )
    before = timezone.now()
    started = time.perf_counter()
    source = serve(body)
    assert time.perf_counter() - started <= 10  # minutes before; about a second on a quiet machine
    assert source.report.created == 2, source.last_notes
    seconds = Event.objects.get(external_uid="secondes@partenaire").occurrences.filter(start__gte=before)
    assert MAX_OCCURRENCES <= seconds.count() <= MAX_OCCURRENCES + 1
    # The 30th of February never comes: the series has its first date only.
    assert Event.objects.get(external_uid="fevrier-30@partenaire").occurrences.count() <= 1
    # A COUNT dateutil would count minute by minute from 2007: refused, and said so.
    assert "compte@partenaire : ignoré (répétitions trop serrées" in source.last_notes


def test_an_hourly_series_keeps_its_coming_dates_counted_from_today(serve):
    """The cap once counted from a year back: an hourly series kept 1,000 past dates and no future one."""
    before = timezone.now() - timedelta(seconds=5)
    source = serve(
        calendar_text(
            vevent(
                "horaire@partenaire", "DTSTART;TZID=Europe/Paris:20240101T090000", "DURATION:PT30M", "RRULE:FREQ=HOURLY"
            )
        )
    )
    dates = Event.objects.get(external_uid="horaire@partenaire").occurrences
    now = timezone.now()
    assert dates.filter(start__gte=before).count() in (MAX_OCCURRENCES, MAX_OCCURRENCES + 1)
    assert dates.filter(start__lt=now).exists()  # and the last past ones, for the month grids
    assert dates.filter(start__gte=now + timedelta(days=40)).exists()
    assert "série très fréquente" in source.last_notes


def test_a_date_moved_or_cancelled_beyond_the_window_is_applied_when_the_window_reaches_it(serve):
    """The stored dates reach 400 days ahead; the partner's changes further ahead once went nowhere."""
    paris_day = (timezone.now() + timedelta(days=500)).astimezone(PARIS).date()
    monday = paris_day - timedelta(days=paris_day.weekday())
    moved, cancelled = monday, monday + timedelta(days=7)
    source = serve(
        calendar_text(
            vevent(
                "hebdo@partenaire",
                "DTSTART;TZID=Europe/Paris:20260105T180000",
                "DTEND;TZID=Europe/Paris:20260105T200000",
                "RRULE:FREQ=WEEKLY;BYDAY=MO",
            ),
            vevent(
                "hebdo@partenaire",
                f"RECURRENCE-ID;TZID=Europe/Paris:{moved:%Y%m%d}T180000",
                f"DTSTART;TZID=Europe/Paris:{moved + timedelta(days=1):%Y%m%d}T190000",
                f"DTEND;TZID=Europe/Paris:{moved + timedelta(days=1):%Y%m%d}T210000",
            ),
            vevent(
                "hebdo@partenaire", f"RECURRENCE-ID;TZID=Europe/Paris:{cancelled:%Y%m%d}T180000", "STATUS:CANCELLED"
            ),
        )
    )
    event = Event.objects.get(external_uid="hebdo@partenaire")
    assert source.report.created == 1
    original = datetime.combine(moved, datetime.min.time().replace(hour=18), tzinfo=PARIS)
    assert not event.occurrences.filter(original_start=original).exists()  # beyond the window for now
    assert len(event.partner_overrides) == 2
    event_regenerate_occurrences(event=event, now=timezone.now() + timedelta(days=200))  # the nightly job, later
    occurrence = event.occurrences.get(original_start=original)
    assert (occurrence.moved, occurrence.start.astimezone(PARIS).hour) == (True, 19)
    assert occurrence.start.astimezone(PARIS).date() == moved + timedelta(days=1)
    assert event.occurrences.get(original_start=original + timedelta(days=7)).cancelled
    assert not event.occurrences.filter(original_start=original + timedelta(days=14), cancelled=True).exists()


def test_an_event_two_partners_share_stays_published_when_one_drops_it(serve):
    shared = vevent("fete@commun", summary="Fête de la transition")
    first = serve(calendar_text(shared, vevent("a-seul@a")), name="Partenaire A", path="/a.ics")
    second = serve(calendar_text(shared), name="Partenaire B", path="/b.ics")
    assert "déjà importé depuis « Partenaire A »" in second.last_notes
    assert Event.objects.filter(external_uid="fete@commun").count() == 1
    first = serve(calendar_text(vevent("a-seul@a")), name="Partenaire A", path="/a.ics")  # A drops it
    event = Event.objects.get(external_uid="fete@commun")
    assert (event.cancelled, event.source_id, event.status) == (False, second.pk, "published")
    assert "toujours publié par « Partenaire B »" in first.last_notes
    serve(calendar_text(shared), name="Partenaire B", path="/b.ics")  # B's next import keeps it as its own
    assert not Event.objects.get(external_uid="fete@commun").cancelled
    serve(calendar_text(vevent("b-seul@b")), name="Partenaire B", path="/b.ics")  # B drops it too: cancelled
    assert Event.objects.get(external_uid="fete@commun").cancelled
    # Positive control: an event only A listed is cancelled when A drops it.
    serve(calendar_text(vevent("autre@a")), name="Partenaire A", path="/a.ics")
    assert Event.objects.get(external_uid="a-seul@a").cancelled


US_EASTERN = [
    "BEGIN:VTIMEZONE",
    "TZID:US-Eastern",
    "BEGIN:STANDARD",
    "DTSTART:19981025T020000",
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "TZNAME:EST",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19990404T020000",
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "TZNAME:EDT",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def test_a_time_zone_the_calendar_defines_itself_is_honoured(serve):
    """A weekly visio at 12:00 New York time: 18:00 in Paris, but 17:00 in the weeks when the two
    countries' clocks have not changed yet (March and October/November)."""
    body = calendar_text(
        vevent(
            "visio@partenaire",
            "DTSTART;TZID=US-Eastern:20260105T120000",
            "DTEND;TZID=US-Eastern:20260105T130000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
        ),
        extra=tuple(US_EASTERN),
    )
    serve(body)
    event = Event.objects.get(external_uid="visio@partenaire")
    assert event.time_zone == "America/New_York"
    now = timezone.now()
    first, last = now + timedelta(days=1), now + timedelta(days=365)
    reference = sorted(
        component.decoded("dtstart").astimezone(UTC)
        for component in recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(first, last)
        if first <= component.decoded("dtstart") < last
    )
    stored = sorted(o.start.astimezone(UTC) for o in event.occurrences.filter(start__gte=first, start__lt=last))
    assert stored == reference and len(stored) > 50
    paris_hours = {start.astimezone(PARIS).hour for start in stored}
    assert paris_hours == {17, 18}  # both, as the clocks change on different dates


def test_two_main_vevents_with_one_uid_and_two_rrules_in_one_are_read_without_error(serve):
    body = calendar_text(
        vevent("double@partenaire", summary="Premier"),
        vevent("double@partenaire", summary="Second"),
        vevent(
            "deux-regles@partenaire",
            "DTSTART;TZID=Europe/Paris:20260105T100000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO",
            "RRULE:FREQ=MONTHLY;BYMONTHDAY=15",
        ),
    )
    source = serve(body)
    assert "erreur" not in source.last_notes
    assert "double@partenaire : un second VEVENT principal porte cet UID" in source.last_notes
    assert Event.objects.get(external_uid="double@partenaire").title == "Premier"
    series = Event.objects.get(external_uid="deux-regles@partenaire")
    now = timezone.now()
    first, last = now + timedelta(days=1), now + timedelta(days=120)
    reference = sorted(
        component.decoded("dtstart").astimezone(UTC)
        for component in recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(first, last)
        if str(component["uid"]) == "deux-regles@partenaire" and first <= component.decoded("dtstart") < last
    )
    stored = sorted(o.start.astimezone(UTC) for o in series.occurrences.filter(start__gte=first, start__lt=last))
    assert stored == reference and any(start.astimezone(PARIS).day == 15 for start in stored)


def test_an_imported_event_has_its_text_on_its_page_its_feeds_and_its_ics(serve, client):
    """Imported events were created in bulk, past the only place their description was rendered."""
    source = serve(
        calendar_text(
            vevent(
                "texte@partenaire", "DESCRIPTION:Apportez **vos outils**\\, on répare.", summary="Repair café importé"
            )
        )
    )
    event = Event.objects.get(external_uid="texte@partenaire")
    assert source.report.created == 1
    assert event.description_html.strip() == "<p>Apportez <strong>vos outils</strong>, on répare.</p>"
    page = page_text(client.get(event.get_absolute_url()))
    assert "<strong>vos outils</strong>" in page
    # The partner said nothing of a price: not "Gratuit".
    assert "Gratuit" not in page and "non précisé" in page
    assert "vos outils" in page_text(client.get("/agenda/flux/"))
    assert "Apportez vos outils\\, on répare." in page_text(client.get(f"/agenda/{event.slug}.ics"))


def test_occurrences_are_the_only_rows_an_import_writes_for_dates(serve):
    """A positive control on the fixtures above: a plain weekly series gives its dates."""
    serve(calendar_text(vevent("simple@partenaire", "RRULE:FREQ=WEEKLY;COUNT=4")))
    assert Occurrence.objects.filter(event__external_uid="simple@partenaire").count() == 4
