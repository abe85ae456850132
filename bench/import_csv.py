"""The staff's CSV import of initiatives at scale: a 200-line file (and one of 300, the most a file
holds) checked line by line against a map of 20,000 initiatives (the members' form, duplicates on the
map and in the file), then imported through the batch service and the moderation service. Each import is rolled back, so
every run finds the same map. Medians of 5, with the queries per line of the dry run.

Usage: .venv/bin/python bench/import_csv.py [--runs 5]
"""

import argparse
import csv
import io
import sys

from common import bench_database_url, counting, median_seconds, setup
from data import ensure_initiatives

# Seconds for the import's request (it checks the file again, then creates): under gunicorn's 30 s.
TARGETS = {200: 15.0, 300: 25.0}


class Rollback(Exception):
    """Raised inside the transaction to undo an import once timed."""


def csv_lines(count: int) -> bytes:
    from cresol.territories.models import Commune

    communes = list(Commune.objects.filter(population__gte=500).order_by("code")[:count])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        ["nom", "description_courte", "type", "thematiques", "mots_cles", "code_insee", "site_web", "horaires"]
    )
    for n in range(count):
        commune = communes[n % len(communes)]
        writer.writerow(
            [
                f"Coopérative Zéphyr n° {n}",
                "Un lieu où l'on répare et l'on apprend ensemble.",
                "association",
                "reemploi-zero-dechet | habitat",
                "réparation | outils",
                commune.code,
                f"https://zephyr-{n}.example.net",
                "We 14:00-18:00; Sa 10:00-12:00; PH off",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup(bench_database_url())
    ensure_initiatives()

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from initiatives import importer

    staff, _ = get_user_model().objects.get_or_create(username="bench-import", defaults={"is_staff": True})
    ok = True
    for count, target in TARGETS.items():
        content = csv_lines(count)

        def dry_run(content=content, count=count):
            report, to_create = importer.check(content)
            assert len(to_create) == count, (report.count("error"), report.count("duplicate"))
            return to_create

        def dry_run_and_import(content=content, count=count):
            try:
                with transaction.atomic():
                    created = importer.initiatives_import(to_create=dry_run(), by=staff, publish=False, origin="bench")
                    assert len(created) == count
                    raise Rollback
            except Rollback:
                pass

        with counting(connection) as queries:
            dry_run()
        checked = median_seconds(dry_run, args.runs)
        whole = median_seconds(dry_run_and_import, args.runs)
        ok &= whole <= target
        print(
            f"{count} lines: dry run {checked:.2f} s ({queries[0] / count:.1f} queries a line), "
            f"dry run and import {whole:.2f} s (target {target:.0f} s)"
        )
    print("Target met." if ok else "Target missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
