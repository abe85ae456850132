"""How the pages' cost grows with the data: server time in process with production settings (DEBUG
off, page cache off), medians, and the
queries of each, at 1,000, 20,000 and 100,000 initiatives (each size in its own database, seeded once:
cresol_bench_1k, cresol_bench, cresol_bench_100k; the other volumes of bench/data.py in each).

Targets (issue 26): from 1,000 to 100,000 initiatives, each page's time grows at most 1.5×; the sitemap
index answers in 30 ms or less at 100,000; the site search in 150 ms or less at 20,000 and 100,000.

Usage: .venv/bin/python bench/growth.py [--runs 9] [--sizes 1000,20000,100000]
       .venv/bin/python bench/growth.py --one 20000   (one size, as JSON: what the first form runs)
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from common import bench_database_url, counting, median_seconds, setup

DATABASES = {1_000: "cresol_bench_1k", 20_000: "cresol_bench", 100_000: "cresol_bench_100k"}
GROWTH_TARGET = 1.5
SITEMAP_INDEX_TARGET = 0.03
SEARCH_TARGET = 0.15

PAGES = [
    ("/", "/"),
    ("page d'une thématique", "/themes/reemploi-zero-dechet/"),
    ("page d'un département", "/territoires/37/"),
    ("page d'une commune", "/territoires/communes/37261/"),
    ("/sitemap.xml", "/sitemap.xml"),
    ("sitemap des initiatives, p. 1", "/sitemap-initiatives.xml"),
    ("sitemap des initiatives, dernière", "/sitemap-initiatives.xml?p=last"),
]
SEARCHES = [
    ("recherche : mot courant", "/recherche/?q=solidaire"),
    ("recherche : mot rare", "/recherche/?q=vannerie"),
    ("recherche : mot accentué", "/recherche/?q=épicerie"),
    ("recherche : faute de frappe", "/recherche/?q=epicrie"),
    ("recherche : commune", "/recherche/?q=Chinon"),
]


def measure(size: int, runs: int) -> dict:
    """Times (seconds) and queries of every page, on the database of `size` initiatives."""
    import data

    setup(bench_database_url(), production=True)
    data.ensure_all(initiatives=size)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from cresol.core.sitemaps import every_sitemap

    settings.PAGE_CACHE = False
    client = Client(HTTP_HOST="localhost")
    last = every_sitemap()["initiatives"]().summary()[1][-1]
    results = {}
    for name, url in PAGES + SEARCHES:
        url = url.replace("p=last", f"p={last}")

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        get()
        with counting(connection) as queries:
            get()
        results[name] = {"seconds": median_seconds(get, runs), "queries": queries[0]}
    return results


def verdict(name: str, growth: float, seconds: dict[int, float]) -> str:
    """What a page misses of its targets ("" when it meets them)."""
    search = name.startswith("recherche")
    late = [
        size
        for size, elapsed in seconds.items()
        if (search and elapsed > SEARCH_TARGET)
        or (name == "/sitemap.xml" and size >= 100_000 and elapsed > SITEMAP_INDEX_TARGET)
    ]
    flag = f"  > {GROWTH_TARGET}×" if not search and growth > GROWTH_TARGET else ""
    if late:
        flag += "  too slow at " + ", ".join(f"{size:,}" for size in late)
    return flag


def run_size(size: int, runs: int) -> dict:
    environment = {**os.environ, "BENCH_DATABASE": DATABASES[size]}
    output = subprocess.run(  # noqa: S603 - this very script, on another database
        [sys.executable, str(Path(__file__)), "--one", str(size), "--runs", str(runs)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--sizes", default=",".join(str(size) for size in DATABASES))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs)))
        return 0
    sizes = [int(size) for size in args.sizes.split(",")]
    results = {size: run_size(size, args.runs) for size in sizes}
    header = "".join(f"{size:>14,}" for size in sizes)
    print(f"\n{'page (ms, queries)':<36}{header}   growth")
    missed = []
    for name, _ in PAGES + SEARCHES:
        cells = "".join(
            f"{results[size][name]['seconds'] * 1000:>9.1f} ({results[size][name]['queries']:>2})" for size in sizes
        )
        growth = results[sizes[-1]][name]["seconds"] / results[sizes[0]][name]["seconds"]
        flag = verdict(name, growth, {size: results[size][name]["seconds"] for size in sizes})
        if flag:
            missed.append(name)
        print(f"{name:<36}{cells}   {growth:>5.2f}×{flag}")
    print(
        f"\nMedians of {args.runs} runs in process, production settings, page cache off; "
        "growth = time at the largest size / smallest."
    )
    print("Targets met." if not missed else f"Targets missed: {', '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
