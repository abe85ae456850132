"""Personnes ressources and la lettre du Cré-sol at scale.

The directory with 2,000 published profiles spread over the region (each serving a département, an
EPCI or a few communes): /personnes-ressources/ filtered by EPCI, by commune and unfiltered, and its
GeoJSON, server time in process with the page cache off, medians of 9, with their queries, against the
floor of /accessibilite/. Target: 150 ms each.

The letter with the benchmark data (20,000 initiatives, 10,000 dates, 3,000 posts, 10,000 shares):
composing a month's draft (target 1 s), then queueing a sent letter for 5,000 confirmed subscribers, a
transaction each (target 100 subscribers a second), and the same job run again, which must queue nothing.

Usage: .venv/bin/python bench/people_letter.py [--runs 9] [--people 2000] [--subscribers 5000]
"""

import argparse
import random
import sys
import time

from common import bench_database_url, counting, median_seconds, setup
from data import ensure_all

TARGET_PAGE = 0.15
TARGET_COMPOSE = 1.0
TARGET_PER_SECOND = 100


def ensure_people(count: int) -> None:
    """Published profiles for `count` bench members, through the directory's service."""
    from django.contrib.auth import get_user_model

    from cresol.moderation.models import Action
    from cresol.moderation.services import moderation_decide_new
    from cresol.people.models import ResourcePerson, Skill
    from cresol.people.services import person_save
    from cresol.territories.models import EPCI, Commune, Departement

    missing = count - ResourcePerson.objects.count()
    if missing <= 0:
        return
    rng = random.Random(20261204)  # noqa: S311 - fictional data, reproducible
    communes = list(Commune.objects.only("id", "point"))
    departements, epcis = list(Departement.objects.all()), list(EPCI.objects.all())
    skills = [skill.value for skill in Skill]
    User = get_user_model()
    drafts = []
    start = ResourcePerson.objects.count()
    for number in range(start, start + missing):
        user = User.objects.create(
            username=f"bench-person-{number}",
            email=f"bench-person-{number}@example.org",
            display_name=f"Personne ressource {number}",
        )
        level = number % 3
        data = {
            "display_name": user.display_name,
            "structure": "",
            "bio": "Je peux aider.",
            "skills": rng.sample(skills, 2),
            "base_commune": rng.choice(communes),
            "themes": [],
            "departements": [rng.choice(departements)] if level == 0 else [],
            "epcis": [rng.choice(epcis)] if level == 1 else [],
            "communes": rng.sample(communes, 3) if level == 2 else [],
        }
        drafts.append(person_save(user=user, data=data, submit=False))
        if len(drafts) == 500:
            moderation_decide_new(objs=drafts, action=Action.PUBLISH, by=None)
            drafts = []
    moderation_decide_new(objs=drafts, action=Action.PUBLISH, by=None)


def ensure_subscribers(count: int) -> None:
    from django.utils import timezone

    from cresol.letter.models import Subscriber

    missing = count - Subscriber.objects.filter(email__startswith="bench-").count()
    if missing > 0:
        start = Subscriber.objects.count()
        Subscriber.objects.bulk_create(
            Subscriber(email=f"bench-{start + n}@example.org", confirmed_at=timezone.now()) for n in range(missing)
        )


def bench_directory(runs: int) -> bool:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from cresol.territories.models import Commune

    settings.PAGE_CACHE = False
    client = Client(HTTP_HOST="localhost")
    vierzon = Commune.objects.select_related("epci").get(code="18279")
    pages = [
        "/personnes-ressources/",
        f"/personnes-ressources/?epci={vierzon.epci.siren}",
        "/personnes-ressources/?commune=18279",
        f"/personnes-ressources/carte.geojson?epci={vierzon.epci.siren}",
        "/personnes-ressources/carte.geojson",
    ]

    def get(url):
        def action():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return action

    floor = median_seconds(get("/accessibilite/"), runs)
    print(f"floor /accessibilite/: {floor * 1000:.1f} ms")
    worst = 0.0
    for url in pages:
        get(url)()
        with counting(connection) as queries:
            get(url)()
        seconds = median_seconds(get(url), runs)
        worst = max(worst, seconds)
        print(f"{url}: {seconds * 1000:.0f} ms ({queries[0]} queries, {seconds / floor:.1f}x the floor)")
    return worst <= TARGET_PAGE


def bench_letter(runs: int, subscribers: int) -> bool:

    from cresol.letter import services
    from cresol.letter.models import Delivery, Letter
    from cresol.outbox.models import OutgoingEmail as Email

    month = services.add_months(services.month_start(services.timezone.localdate()), -1)
    Letter.objects.filter(month=month).delete()
    compose = median_seconds(lambda: services.letter_compose(month=month), runs)
    letter = Letter.objects.get(month=month)
    print(
        f"composing the letter of {letter.month_label}: {compose * 1000:.0f} ms "
        f"({len(letter.body)} characters of Markdown)"
    )
    Letter.objects.filter(pk=letter.pk).update(sent_at=services.timezone.now())
    letter.refresh_from_db()
    emails_before = Email.objects.count()
    started = time.perf_counter()
    queued, skipped = services.letter_deliver(letter=letter)
    seconds = time.perf_counter() - started
    rate = queued / seconds if seconds else 0
    print(f"delivering to {subscribers} subscribers: {queued} e-mails queued in {seconds:.1f} s ({rate:.0f} a second)")
    started = time.perf_counter()
    again = services.letter_deliver(letter=letter)
    print(f"the same job again: {again[0]} queued in {time.perf_counter() - started:.2f} s")
    ok = (
        compose <= TARGET_COMPOSE
        and rate >= TARGET_PER_SECOND
        and again[0] == 0
        and Delivery.objects.filter(letter=letter).count() == queued
    )
    Email.objects.filter(pk__gt=emails_before).delete()  # the bench sends nothing
    Letter.objects.filter(pk=letter.pk).delete()
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--subscribers", type=int, default=5000)
    args = parser.parse_args()
    setup(bench_database_url())
    ensure_all()
    ensure_people(args.people)
    ensure_subscribers(args.subscribers)
    directory_ok = bench_directory(args.runs)
    letter_ok = bench_letter(3, args.subscribers)
    ok = directory_ok and letter_ok
    print("Targets met." if ok else "Target missed (150 ms a page, 1 s to compose, 100 subscribers a second).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
