"""The API's list of initiatives against the same page, in requests per second, in one run: the
cost of the framework and of JSON against HTML for the same 50 initiatives. With Django REST
framework installed beside (`--with-drf`), the same endpoint written with DRF is measured too: the
figures behind choosing django-ninja (issue 27).

Two measures of each: uncached (PAGE_CACHE=0: every request builds its answer, the framework's own
cost) and as served (the page cache on: what partners get).

Usage: .venv/bin/python bench/api.py [--seconds 3] [--rounds 3]
       var/uv/bin/uv run --group compare python bench/api.py --with-drf   # the comparison (pyproject.toml's
                                                                         # "compare" group, never installed by make)
"""

import argparse
import os
import statistics
import sys

from common import BENCH_PORT, bench_database_url, production_server, setup
from throughput import wait_idle, warm, wrk

TARGET = 0.5  # the API as served, against the page as served: as the pages' own target against hello-world


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--with-drf", action="store_true")
    args = parser.parse_args()
    setup(bench_database_url())
    import data

    data.ensure_all()
    base = f"http://127.0.0.1:{BENCH_PORT}"
    measured = {
        "page /initiatives/ (HTML, 30 per page)": "/initiatives/",
        "API ninja (JSON, 50 per page)": "/api/v1/initiatives/?limite=50",
        "API ninja, filtered (theme)": "/api/v1/initiatives/?limite=50&theme=habitat",
    }
    extra = {"API_REQUESTS_PER_MINUTE": "100000000"}  # one address, wrk's: no limit for the measure
    if args.with_drf:
        measured["API DRF (JSON, 50 per page)"] = "/bench/drf/initiatives/"
        measured["API DRF, filtered (theme)"] = "/bench/drf/initiatives/?theme=habitat"
        extra["BENCH_WITH_DRF"] = "1"
    results: dict[tuple[str, str], list[float]] = {}
    for cache in ("0", "1"):
        server = production_server(2, PAGE_CACHE=cache, **extra)
        try:
            for _ in range(args.rounds):
                for name, path in measured.items():
                    wait_idle(base)
                    warm(f"{base}{path}", "")
                    results.setdefault((name, cache), []).append(wrk(f"{base}{path}", args.seconds).rate)
        finally:
            server.terminate()
            server.wait(timeout=30)
    page = {cache: statistics.median(results[next(iter(measured)), cache]) for cache in ("0", "1")}
    print(f"\n{'':<40} {'uncached':>9} {'ratio':>6} {'cached':>8} {'ratio':>6}")
    for name in measured:
        uncached, cached = (statistics.median(results[name, cache]) for cache in ("0", "1"))
        print(f"{name:<40} {uncached:>9.0f} {uncached / page['0']:>6.0%} {cached:>8.0f} {cached / page['1']:>6.0%}")
    print(
        f"\nRequests per second, medians of {args.rounds} rounds of {args.seconds} s, wrk -t2 -c8, gunicorn 2 "
        "workers, 20,000 initiatives; ratios against the page in the same run."
    )
    served = statistics.median(results["API ninja (JSON, 50 per page)", "1"]) / page["1"]
    if served < TARGET:
        print(f"Target missed: the API as served at {served:.0%} of the page's requests per second (< {TARGET:.0%}).")
        return 1
    print(f"Target met: the API as served at {served:.0%} of the page's requests per second.")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("BENCH_PORT", str(BENCH_PORT))
    sys.exit(main())
