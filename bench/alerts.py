"""Alerts at scale: 10,000 confirmed alerts and 1,000 initiatives published since their last e-mail.

The alerts are shaped like people's: most name a territory (a commune and a radius of 5 to 30 km, an
intercommunality or a département), half pick one or two themes, a third type words; each watches the
initiatives, half of them the agenda too. Measured, medians of 3 runs, each from the same state:
- the matching alone: the one query per section that PostgreSQL answers for all the alerts at once
  (cresol/alerts/matching.py);
- the whole run, `alerts_send`: matching, then 500 alerts at a time locked, what they list described,
  each e-mail written and queued in the outbox, their `sent_until` moved — and the same run again, which
  must queue nothing.
Target (issue 28): the whole run within 10 s.

Usage: .venv/bin/python bench/alerts.py [--runs 3] [--alerts 10000] [--items 1000]
"""

import argparse
import random
import sys
import time
from datetime import timedelta

from common import bench_database_url, counting, median_seconds, setup

TARGET_SECONDS = 10.0
WORDS = ["jardin", "repair café", "épicerie solidaire", "habitat participatif", "vélo", "AMAP", "tiers-lieu"]


def ensure_new_initiatives(count: int, since) -> list[int]:
    """`count` initiatives published after `since` (the alerts' last e-mail), made by the generator."""
    from django.core.management import call_command

    from initiatives.models import Initiative

    fresh = list(Initiative.objects.published().filter(published_at__gt=since).values_list("pk", flat=True))
    if len(fresh) < count:
        print(f"Seeding {count - len(fresh):,} new initiatives…", flush=True)
        call_command("seed_initiatives", count=count - len(fresh), seed=len(fresh) + 28)
        fresh = list(Initiative.objects.published().filter(published_at__gt=since).values_list("pk", flat=True))
    return fresh[:count]


def ensure_alerts(count: int, since) -> None:
    from cresol.alerts.models import Alert
    from cresol.territories.models import EPCI, Commune, Departement
    from cresol.territories.reach import commune_ids
    from cresol.themes.models import Theme

    missing = count - Alert.objects.filter(email__startswith="bench-").count()
    if missing <= 0:
        return
    print(f"Creating {missing:,} alerts…", flush=True)
    rng = random.Random(20261205)  # noqa: S311 - fictional data, reproducible
    communes = list(Commune.objects.only("id", "point"))
    epcis, departements = list(EPCI.objects.all()), list(Departement.objects.all())
    themes = list(Theme.objects.values_list("pk", flat=True))
    reach_cache: dict = {}
    alerts = []
    for number in range(missing):
        place = rng.random()
        territory: dict = {}
        if place < 0.4:
            territory = {"commune": rng.choice(communes), "radius_km": rng.choice([5, 10, 20, 30])}
        elif place < 0.55:
            territory = {"epci": rng.choice(epcis)}
        elif place < 0.7:
            territory = {"departement": rng.choice(departements)}
        key = tuple(sorted((name, getattr(value, "pk", value)) for name, value in territory.items()))
        if key not in reach_cache:
            reach_cache[key] = commune_ids(**territory)
        alerts.append(
            Alert(
                sources=["initiatives", "agenda"] if number % 2 else ["initiatives"],
                email=f"bench-alert-{number}@example.org",
                words=rng.choice(WORDS) if rng.random() < 0.33 else "",
                themes=sorted(rng.sample(themes, rng.choice([1, 2]))) if rng.random() < 0.5 else [],
                communes=reach_cache[key],
                frequency="quotidienne",
                confirmed_at=since,
                sent_until=since,
                **territory,
            )
        )
    Alert.objects.bulk_create(alerts, batch_size=1000)


def reset(since) -> None:
    """The state every run starts from: nothing sent since `since`, no alert e-mail queued."""
    from django.db import connection

    from cresol.alerts.models import Alert
    from cresol.outbox.models import OutgoingEmail

    Alert.objects.filter(email__startswith="bench-").update(sent_until=since, last_sent_at=None)
    OutgoingEmail.objects.filter(recipients__startswith="bench-alert-").delete()
    with connection.cursor() as cursor:  # their delivery jobs, which the bench's worker never runs
        cursor.execute("DELETE FROM procrastinate_jobs WHERE task_name = 'outbox.deliver_email'")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=1_000)
    args = parser.parse_args()
    setup(bench_database_url())
    from django.db import connection
    from django.utils import timezone

    from cresol.alerts.matching import matches
    from cresol.alerts.models import Alert
    from cresol.alerts.registry import source_of
    from cresol.alerts.services import alerts_send

    since = timezone.now() - timedelta(days=400)
    from initiatives.models import Initiative

    # The alerts' last e-mail: just before the newest `items` initiatives.
    newest = list(
        Initiative.objects.published().order_by("-published_at").values_list("published_at", flat=True)[: args.items]
    )
    if len(newest) < args.items:
        ensure_new_initiatives(args.items, since)
        newest = list(
            Initiative.objects.published()
            .order_by("-published_at")
            .values_list("published_at", flat=True)[: args.items]
        )
    since = newest[-1] - timedelta(microseconds=1)
    ensure_alerts(args.alerts, since)
    ids = list(Alert.objects.filter(email__startswith="bench-").order_by("pk").values_list("pk", flat=True))
    source = source_of("initiatives")
    now = timezone.now()

    def match_all():
        return sum(one.count for one in matches(source, ids, since=since, until=now).values())

    reset(since)
    pairs = match_all()
    matching = median_seconds(match_all, args.runs)
    timings, queued = [], 0
    for _run in range(args.runs):
        reset(since)
        start = time.perf_counter()
        queued = alerts_send(now=timezone.now())
        timings.append(time.perf_counter() - start)
    with counting(connection) as again_queries:
        again = alerts_send(now=timezone.now())
    timings.sort()
    whole = timings[len(timings) // 2]
    print(f"{len(ids):,} alerts × {args.items:,} new initiatives ({pairs:,} matches)")
    print(f"matching alone: {matching:.2f} s (median of {args.runs}, one query for all the alerts)")
    print(
        f"whole run: {whole:.2f} s (median of {args.runs}), {queued:,} e-mails queued — target {TARGET_SECONDS:.0f} s"
    )
    print(f"the same run again: {again} e-mails, {again_queries[0]} queries")
    reset(since)
    return 0 if whole <= TARGET_SECONDS and again == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
