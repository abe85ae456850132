"""The moderators' pages at scale (20,000 initiatives, 10,000 dates, 3,000 posts, 10,000 shares, plus
what waits: 300 pending initiatives, 300 open reports): « À traiter », the health page, the statistics,
an initiative's admin page (its possible duplicates) and the side-by-side merge page. Server time in
process with the page cache off, medians of 9, the number of queries of each, and the ratio against
the admin's index as a floor. Target: each page within 300 ms.

Usage: .venv/bin/python bench/moderators.py [--runs 9]
"""

import argparse
import sys

from common import bench_database_url, counting, median_seconds, setup
from data import ensure_all

TARGET = 0.3
WAITING = 300


def ensure_waiting(count: int = WAITING) -> None:
    """Pending initiatives (submitted by a member) and open reports, through the sections' services."""
    from django.contrib.auth import get_user_model

    from cresol.moderation.models import Action, Status
    from cresol.moderation.services import moderation_decide_new
    from initiatives.generator import build, save_generated
    from initiatives.models import Initiative, Report
    from initiatives.services import report_create

    missing = count - Initiative.objects.filter(status=Status.PENDING).count()
    if missing > 0:
        member, _ = get_user_model().objects.get_or_create(
            username="bench-member", defaults={"email": "bench-member@example.org"}
        )
        pending = build(missing, seed=7, status=Status.DRAFT, slug_prefix="bench-a-moderer-")
        save_generated(pending)
        moderation_decide_new(objs=pending, action=Action.SUBMIT, by=member)
    missing = count - Report.objects.filter(resolved=False).count()
    for initiative in Initiative.objects.published().order_by("id")[: max(missing, 0)]:
        report_create(initiative=initiative, reason=Report.Reason.WRONG, comment="Le téléphone a changé.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup(bench_database_url())
    ensure_all()
    ensure_waiting()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from initiatives.models import Initiative

    settings.PAGE_CACHE = False
    staff, _ = get_user_model().objects.get_or_create(
        username="bench-staff", defaults={"email": "bench-staff@example.org", "is_staff": True, "is_superuser": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    first, second = Initiative.objects.published().order_by("id").values_list("pk", flat=True)[:2]
    pages = [
        "/admin/a-traiter/",
        "/admin/sante/",
        "/admin/statistiques/",
        f"/admin/initiatives/initiative/{first}/change/",
        f"/admin/initiatives/initiative/fusionner/{first}/{second}/",
    ]

    def get(url):
        def action():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return action

    floor = median_seconds(get("/admin/"), args.runs)
    print(f"floor /admin/: {floor * 1000:.1f} ms")
    worst = 0.0
    for url in pages:
        get(url)()
        with counting(connection) as queries:
            get(url)()
        seconds = median_seconds(get(url), args.runs)
        worst = max(worst, seconds)
        print(f"{url}: {seconds * 1000:.0f} ms ({queries[0]} queries, {seconds / floor:.1f}x the floor)")
    ok = worst <= TARGET
    print("Target met." if ok else f"Target missed ({TARGET * 1000:.0f} ms).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
