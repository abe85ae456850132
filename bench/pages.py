"""The pages across the sections at scale (20,000 initiatives, 10,000 dates, 3,000 posts, 10,000
shares): a theme's page, the themes' list, the région's, a département's, an intercommunalité's and a
commune's pages. Server time in process (page cache off), medians of 9, with the number of queries of
each: it does not grow with the data (tests/themes and tests/territories check it at two sizes).

Usage: .venv/bin/python bench/pages.py [--runs 9]
"""

import argparse
import sys

from common import bench_database_url, counting, median_seconds, setup
from data import ensure_all

PAGES = [
    "/themes/",
    "/themes/reemploi-zero-dechet/",
    "/territoires/",
    "/territoires/37/",
    "/territoires/epci/243700754/",
    "/territoires/communes/37261/",
]
TARGET = 0.3  # seconds: a page a person waits for, beside the 150 ms of the search


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup(bench_database_url())
    ensure_all()

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.PAGE_CACHE = False
    client = Client(HTTP_HOST="localhost")

    def get(url):
        def action():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return action

    worst = 0.0
    for url in PAGES:
        get(url)()
        with counting(connection) as queries:
            get(url)()
        elapsed = median_seconds(get(url), args.runs)
        worst = max(worst, elapsed)
        print(f"{url}: {elapsed * 1000:.0f} ms, {queries[0]} queries")
    ok = worst <= TARGET
    print("Target met." if ok else f"Target missed ({TARGET * 1000:.0f} ms).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
