"""The partners' exports at scale: /initiatives/export.csv and .json with 20,000 initiatives (target:
3 s, a worker's memory flat) and 100,000 (target: 15 s), streamed from a server-side cursor.

Time is the whole response read to its last byte through Django (in process); memory is Python's
peak traced allocation while it streams (tracemalloc), which stays flat whatever the row count.

Usage: .venv/bin/python bench/export.py [--count 20000] [--runs 3]
       BENCH_DATABASE=cresol_bench_100k .venv/bin/python bench/export.py --count 100000
"""

import argparse
import statistics
import sys
import time
import tracemalloc

from common import bench_database_url, setup

TARGET_SECONDS = {20_000: 3, 100_000: 15}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup(bench_database_url())
    import data

    data.ensure_initiatives(args.count)
    from django.test import Client

    from initiatives.models import Initiative

    rows = Initiative.objects.published().count()
    client = Client(HTTP_HOST="localhost")
    target = TARGET_SECONDS.get(args.count, args.count / 20_000 * 3)
    met = True
    for url in ("/initiatives/export.csv", "/initiatives/export.json"):
        timings, peaks, size = [], [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            size = sum(len(chunk) for chunk in client.get(url).streaming_content)
            timings.append(time.perf_counter() - started)
        # Memory apart: tracing every allocation slows the run down.
        tracemalloc.start()
        sum(len(chunk) for chunk in client.get(url).streaming_content)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        seconds = statistics.median(timings)
        met &= seconds <= target
        print(
            f"{url}: {rows:,} rows, {size / 1e6:.1f} MB in {seconds:.2f} s (target {target:.0f} s), "
            f"peak traced memory {statistics.median(peaks) / 1e6:.1f} MB, median of {args.runs}"
        )
    print("Targets met." if met else "Some targets are missed.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
