"""The Veille partagée at scale.

1. Fetching: a local server serves 300 feeds — every 20th slow (5 s), every 25th broken, every 50th huge
   (8 MB, over the cap) — and the full fetch is timed (target: 60 s), then a second run answered 304
   (target: 10 s).
2. With 100,000 items and 10,000 shares: server time and SQL queries of /veille/ and /veille/flux/.

Usage: .venv/bin/python bench/veille.py
"""

import contextlib
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from common import bench_database_url, median_seconds, setup

FEEDS = 300
HUGE = b"<rss><channel>" + b"x" * (8 * 1024 * 1024) + b"</channel></rss>"


def feed_body(number: int) -> bytes:
    items = "".join(
        f"<item><title>Article {number}-{i}</title><link>https://media{number}.example.org/a/{i}</link>"
        f"<guid>https://media{number}.example.org/a/{i}</guid><description>R&#233;sum&#233; {i}</description>"
        f"<pubDate>{format_datetime(datetime.now(UTC) - timedelta(hours=i))}</pubDate></item>"
        for i in range(20)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Flux {number}</title>{items}</channel></rss>'.encode()
    )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        number = int(self.path.split("/")[-1].split(".")[0])
        if number % 20 == 0:
            time.sleep(5)
        if number % 25 == 0:
            self.send_response(500)
            self.end_headers()
            return
        etag = f'"v{number}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        body = HUGE if number % 50 == 7 else feed_body(number)
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", etag)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: fine
            self.wfile.write(body)


def bench_fetch():
    from django.conf import settings

    from veille.fetching import due_sources
    from veille.models import Item, Source
    from veille.services import sources_fetch

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    port = server.server_address[1]
    Source.objects.filter(name__startswith="Bench ").delete()
    Source.objects.bulk_create(
        Source(name=f"Bench {n}", feed_url=f"http://127.0.0.1:{port}/feed/{n}.xml") for n in range(1, FEEDS + 1)
    )
    sources = Source.objects.filter(name__startswith="Bench ")
    started = time.monotonic()
    reports = sources_fetch(due_sources().filter(pk__in=sources))
    first = time.monotonic() - started
    failed = sum(1 for r in reports if r.error)
    items = Item.objects.filter(source__in=sources).count()
    started = time.monotonic()
    second_reports = sources_fetch(due_sources().filter(pk__in=sources))
    second = time.monotonic() - started
    server.shutdown()
    print(
        f"Fetch of {FEEDS} feeds: {first:.1f} s ({failed} failed as expected, {items:,} items); "
        f"second run: {second:.1f} s ({sum(r.not_modified for r in second_reports)} answered 304)"
    )
    return first <= 60 and second <= 10


def bench_pages(runs: int = 9):
    import data
    from django.db import connection
    from django.test import Client

    from veille.models import Item, Share

    data.ensure_watch()
    from django.conf import settings

    settings.PAGE_CACHE = False  # the view's own work, not a cached copy of it (see bench/throughput.py)
    client = Client(HTTP_HOST="localhost")
    for url in ("/veille/", "/veille/flux/"):
        client.get(url)
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            client.get(url)
        timing = median_seconds(lambda url=url: client.get(url), runs)
        print(
            f"{url}: {timing * 1000:.0f} ms, {len(queries)} SQL queries "
            f"({Item.objects.count():,} items, {Share.objects.count():,} shares), median of {runs}"
        )


def main():
    setup(bench_database_url())
    ok = bench_fetch()
    bench_pages()
    print("Targets met." if ok else "Some targets are missed.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
