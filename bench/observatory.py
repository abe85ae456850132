"""/observatoire/ at scale (20,000 initiatives, 10,000 dates, 3,000 posts, 10,000 shares, 2,000 radars):
server time in process with the page cache off, medians of 9 — cold (the figures computed again, the
territories' outlines kept) and warm (the figures read from the cache) — and the number of queries of
each, against the floor of a page that runs no query of its own (/accessibilite/). Target: 200 ms cold.

Usage: .venv/bin/python bench/observatory.py [--runs 9]
"""

import argparse
import sys

from common import bench_database_url, counting, median_seconds, setup
from data import ensure_all

TARGET = 0.2
RADARS = 2000
PAGES = [
    "/observatoire/",
    "/observatoire/?niveau=epci&theme=reemploi-zero-dechet",
    "/observatoire/initiatives-par-epci-et-thematique.csv",
]


def ensure_radars(count: int = RADARS) -> None:
    """Radars for the first `count` published initiatives, through the radar's service."""
    from django.contrib.auth import get_user_model

    from initiatives.models import Initiative
    from initiatives.radar import services
    from initiatives.radar.models import Assessment, Grid

    missing = count - Assessment.objects.values("initiative").distinct().count()
    if missing <= 0:
        return
    grid = Grid.objects.prefetch_related("axes__questions").get(pk=Grid.objects.current().pk)
    questions = [question.pk for axis in grid.axes.all() for question in axis.questions.all()]
    staff, _ = get_user_model().objects.get_or_create(
        username="bench-radar", defaults={"email": "bench-radar@example.org", "is_staff": True, "is_superuser": True}
    )
    for number, initiative in enumerate(
        Initiative.objects.published().filter(radar_assessments__isnull=True).order_by("id")[:missing]
    ):
        answers = {pk: ((number + index) % 5, "") for index, pk in enumerate(questions)}
        services.assessment_fill(initiative=initiative, grid=grid, answers=answers, by=staff)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup(bench_database_url())
    ensure_all()
    ensure_radars()

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from cresol.core.versions import bump_content_version
    from cresol.territories.outlines import svg_outlines

    settings.PAGE_CACHE = False
    client = Client(HTTP_HOST="localhost")

    def get(url, *, cold=False):
        def action():
            if cold:
                bump_content_version()  # as after any write: every figure computed again
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return action

    svg_outlines("departement"), svg_outlines("epci")  # kept until the territories change
    floor = median_seconds(get("/accessibilite/"), args.runs)
    print(f"floor /accessibilite/: {floor * 1000:.1f} ms")
    worst = 0.0
    for url in PAGES:
        get(url, cold=True)()
        with counting(connection) as cold_queries:
            get(url, cold=True)()
        with counting(connection) as warm_queries:
            get(url)()
        cold = median_seconds(get(url, cold=True), args.runs)
        warm = median_seconds(get(url), args.runs)
        worst = max(worst, cold)
        print(
            f"{url}: cold {cold * 1000:.0f} ms ({cold_queries[0]} queries, {cold / floor:.1f}x the floor), "
            f"warm {warm * 1000:.0f} ms ({warm_queries[0]} queries, {warm / floor:.1f}x)"
        )
    ok = worst <= TARGET
    print("Target met." if ok else f"Target missed ({TARGET * 1000:.0f} ms).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
