"""The Agenda citoyen at scale: 10,000 upcoming occurrences.

Server time (the whole Django stack, in process) of /agenda/ (target: 100 ms) and of /agenda.ics,
the whole calendar (target: 1 s), medians of 9 runs, beside PostgreSQL alone reading the same page
of dates as a floor.

Usage: .venv/bin/python bench/agenda.py [--occurrences 10000] [--runs 9]
"""

import argparse
import sys

from common import bench_database_url, median_seconds, setup


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occurrences", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup(bench_database_url())

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from agenda.models import Event, Occurrence

    while Occurrence.objects.upcoming().count() < args.occurrences:
        missing = args.occurrences - Occurrence.objects.upcoming().count()
        print(f"Seeding events for {missing} more upcoming dates…", flush=True)
        call_command("seed_events", count=max(missing // 2, 50), seed=missing, days=365)
    upcoming = Occurrence.objects.upcoming().count()
    events = Event.objects.visible().filter(occurrences__end__gte=timezone.now()).distinct().count()

    from django.conf import settings

    settings.PAGE_CACHE = False  # the view's own work, not a cached copy of it (see bench/throughput.py)
    client = Client(HTTP_HOST="localhost")

    def get(url):
        def action():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        return action

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT o.id, o.start, e.title FROM agenda_occurrence o JOIN agenda_event e ON e.id = o.event_id "
                "WHERE e.status = 'published' AND o.end >= now() ORDER BY o.start, o.id LIMIT 30"
            )
            cursor.fetchall()

    for url in ("/agenda/", "/agenda.ics"):
        get(url)()  # warm up
    index = median_seconds(get("/agenda/"), args.runs)
    filtered = median_seconds(get("/agenda/?theme=mobilite&departement=37&gratuit=on"), args.runs)
    calendar_time = median_seconds(get("/agenda.ics"), args.runs)
    size = len(get("/agenda.ics")().content)
    floor_time = median_seconds(floor, args.runs)
    print(f"{upcoming} upcoming dates of {events} events")
    print(
        f"/agenda/ {index * 1000:.0f} ms, filtered {filtered * 1000:.0f} ms (PostgreSQL alone, same page of dates: "
        f"{floor_time * 1000:.1f} ms), medians of {args.runs}"
    )
    print(f"/agenda.ics {calendar_time * 1000:.0f} ms for {size:,} bytes")
    ok = index <= 0.1 and calendar_time <= 1
    print("Targets met." if ok else "Some targets are missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
