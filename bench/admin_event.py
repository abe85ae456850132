"""The admin's change page of a weekly event over a year (52 dates): server time, target 300 ms.

The page holds the event's form (themes, tags, place pickers) and its dates' inline; the floor is
PostgreSQL alone reading the event and its dates. Medians of 9 runs.

Usage: .venv/bin/python bench/admin_event.py [--runs 9]
"""

import argparse
import sys
from datetime import datetime, timedelta

from common import bench_database_url, median_seconds, setup


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup(bench_database_url())

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from agenda.models import Event
    from agenda.recurrence import PARIS
    from agenda.services import event_save
    from cresol.moderation.models import Status
    from cresol.themes.models import Theme

    event = Event.objects.filter(slug="bench-admin-atelier-hebdomadaire").first()
    if event is None:
        start = datetime.now(PARIS).replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days=1)
        event = event_save(
            event=Event(
                title="Atelier hebdomadaire",
                slug="bench-admin-atelier-hebdomadaire",
                kind="atelier",
                start=start,
                end=start + timedelta(hours=2),
                frequency="WEEKLY",
                weekdays=[start.weekday()],
                count=52,
                organiser_name="Bench",
                status=Status.PUBLISHED,
                published_at=start,
            ),
            themes=list(Theme.objects.all()[:2]),
            tags=["bench"],
        )
    staff, _ = get_user_model().objects.get_or_create(
        email="bench-admin@example.org", defaults={"username": "bench-admin", "is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    url = f"/admin/agenda/event/{event.pk}/change/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    def floor():
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM agenda_event WHERE id = %s", [event.pk])
            cursor.fetchall()
            cursor.execute("SELECT * FROM agenda_occurrence WHERE event_id = %s ORDER BY original_start", [event.pk])
            cursor.fetchall()

    page()  # warm up
    with CaptureQueriesContext(connection) as queries:
        rows = page().content.decode().count('name="occurrences-')
    elapsed = median_seconds(page, args.runs)
    floor_time = median_seconds(floor, args.runs)
    print(f"{event.occurrences.count()} dates, {rows // 5} in the form; {len(queries)} queries")
    print(f"{url}: {elapsed * 1000:.0f} ms (PostgreSQL alone: {floor_time * 1000:.1f} ms), median of {args.runs}")
    ok = elapsed <= 0.3
    print("Target met." if ok else "Target missed (300 ms).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
