"""Requests per second of the portal's pages under gunicorn with production settings, each against a
hello-world view through the same middleware stack, measured right before it in the same run.

Data (bench/data.py): 20,000 initiatives, 10,000 upcoming dates, 3,000 posts, 10,000 shares and
100,000 watch items. Load: wrk on loopback, 8 connections, 4 s per measure; 3 rounds, medians.
Target: every HTML page at 50 % of hello-world's requests per second or more.

Usage: .venv/bin/python bench/throughput.py [--seconds 4] [--rounds 3] [--workers 2]
"""

import argparse
import re
import shutil
import statistics
import subprocess
import sys

from common import BENCH_PORT, bench_database_url, production_server, setup

HTML_TARGET = 0.5


def pages() -> list[tuple[str, str, bool]]:
    """(name, path, is_html) of the pages measured, with real slugs from the bench database."""
    from agenda.models import Event
    from blog.models import Post
    from initiatives.models import Initiative

    initiative = Initiative.objects.published().order_by("pk").first()
    event = Event.objects.visible().filter(occurrences__isnull=False).order_by("pk").first()
    post = Post.objects.published().order_by("pk").first()
    return [
        ("/", "/", True),
        ("/carte/", "/carte/", True),
        ("/initiatives/", "/initiatives/", True),
        ("une initiative", initiative.get_absolute_url(), True),
        ("/agenda/", "/agenda/", True),
        ("un événement", event.get_absolute_url(), True),
        ("/agenda.ics", "/agenda.ics", False),
        ("/blog/", "/blog/", True),
        ("un article", post.get_absolute_url(), True),
        ("/veille/", "/veille/", True),
        ("/sitemap.xml", "/sitemap.xml", False),
    ]


def queries_of(path: str) -> tuple[int, int]:
    """Status and SQL queries of a second anonymous request (the first warms what can be warmed)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        response = client.get(path)
    return response.status_code, len(queries)


def wait_idle(base: str) -> None:
    """Until the server has worked off what a slow page left queued: the next measure starts fresh."""
    import time

    import httpx

    for _ in range(300):
        started = time.perf_counter()
        httpx.get(f"{base}/bench/bonjour/", timeout=60)
        if time.perf_counter() - started < 0.05:
            return
        time.sleep(0.1)


def wrk(url: str, seconds: int) -> float:
    output = subprocess.run(  # noqa: S603 - wrk on loopback
        [shutil.which("wrk"), "-t2", "-c8", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses", output):
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="with PAGE_CACHE=0: every request renders its page, as for a first visitor",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    setup(bench_database_url())
    import data

    data.ensure_all()
    measured = pages()
    server = production_server(args.workers, PAGE_CACHE="0" if args.uncached else "1")
    base = f"http://127.0.0.1:{BENCH_PORT}"
    results = {name: {"page": [], "hello": []} for name, _, _ in measured}
    try:
        for _ in range(args.rounds):
            for name, path, _ in measured:
                wait_idle(base)
                results[name]["hello"].append(wrk(f"{base}/bench/bonjour/", args.seconds))
                wait_idle(base)
                results[name]["page"].append(wrk(f"{base}{path}", args.seconds))
    finally:
        server.terminate()
        server.wait(timeout=30)
    from django.conf import settings

    settings.PAGE_CACHE = not args.uncached  # the queries counted are those of the requests measured
    missed = []
    print(f"\n{'page':<16} {'req/s':>8} {'hello req/s':>12} {'ratio':>7} {'queries':>8}")
    for name, path, is_html in measured:
        page = statistics.median(results[name]["page"])
        hello = statistics.median(results[name]["hello"])
        ratio = page / hello
        status, queries = queries_of(path)
        flag = "" if not is_html or ratio >= HTML_TARGET else "  < 50 %"
        if flag:
            missed.append(name)
        print(
            f"{name:<16} {page:>8.0f} {hello:>12.0f} {ratio:>6.0%} {queries:>8}{flag}"
            + (f"  (status {status})" if status != 200 else "")
        )
    cache = "page cache off: every request rendered" if args.uncached else "page cache on"
    print(
        f"\nMedians of {args.rounds} rounds of {args.seconds} s, wrk -t2 -c8, gunicorn {args.workers} workers, {cache}."
    )
    if args.uncached:
        print("First-visit figures: the target applies to the portal as it is served, with its page cache.")
        return 0
    print("Targets met." if not missed else f"Below 50 % of hello-world: {', '.join(missed)}")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
