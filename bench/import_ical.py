"""Importing a large partner calendar: 5,000 VEVENTs (a Google export's size), a quarter of them series.

The target (issue 10): under a minute for the first import. A second run of the same file is the floor
measured in the same run: it reads, parses and fingerprints everything and writes nothing.

Usage: .venv/bin/python bench/import_ical.py [--events 5000]
"""

import argparse
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from common import bench_database_url, setup

PLACES = [
    "12 rue Nationale, 37000 Tours",
    "Place du Martroi, 45000 Orléans",
    "Salle des fêtes, 18000 Bourges",
    "Maison des associations, 41000 Blois",
    "",
    "https://visio.example.org/salle",
]


def calendar(count: int) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bench//FR"]
    first = datetime(2027, 1, 4, 9, 0)
    for number in range(count):
        start = first + timedelta(days=number % 300, hours=number % 9)
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{number}@partenaire.example",
            f"SUMMARY:Atelier {number % 40}",
            f"DTSTART;TZID=Europe/Paris:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Paris:{start + timedelta(hours=2):%Y%m%dT%H%M%S}",
            f"LOCATION:{PLACES[number % len(PLACES)]}",
            "DTSTAMP:20261101T000000Z",
            f"DESCRIPTION:Un atelier ouvert à toutes et tous, numéro {number}.",
        ]
        if number % 4 == 0:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=10")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()
    setup(bench_database_url())

    from django.conf import settings

    from agenda import services
    from agenda.importer import import_source
    from agenda.models import Event, ImportSource
    from cresol.core.services import contents_delete

    body = calendar(args.events)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    url = f"http://127.0.0.1:{server.server_address[1]}/bench.ics"
    # What earlier runs imported goes, then the source is added as staff add one (the agenda's services).
    contents_delete(queryset=Event.objects.filter(external_uid__startswith="bench-"))
    contents_delete(queryset=ImportSource.objects.filter(name="Bench"))
    source = services.import_source_save(source=ImportSource(name="Bench", url=url, trusted=True), by=None)
    print(f"Calendar: {args.events:,} VEVENTs, {len(body) / 1e6:.1f} MB", flush=True)
    started = time.perf_counter()
    report = import_source(source)
    first = time.perf_counter() - started
    print(f"First import: {first:.1f} s ({report}) — target under 60 s", flush=True)
    source.refresh_from_db()
    source.etag = source.last_modified = ""
    source.save()
    started = time.perf_counter()
    report = import_source(source)
    floor = time.perf_counter() - started
    print(f"Second import of the same file (floor: read, parse, compare): {floor:.1f} s ({report})")
    print(f"Ratio first / floor: {first / floor:.1f}")
    server.shutdown()
    # Thousands of rows came and went: fresh statistics, so that the next benchmark's plans are not
    # skewed by this one (autovacuum would do it in a while).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE agenda_event, agenda_occurrence, agenda_event_themes")


if __name__ == "__main__":
    main()
