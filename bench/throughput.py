"""Requests per second of the portal's pages under gunicorn with production settings, for a visitor and
for a logged-in member, each against a hello-world view through the same middleware stack (with the
same cookie), measured right before it in the same run; with the latency's p50 and p99 and the SQL
queries of each page.

Data (bench/data.py): 20,000 initiatives, 10,000 upcoming dates, 3,000 posts, 10,000 shares and
100,000 watch items. Load: wrk on loopback, 8 connections, `--seconds` per measure; `--rounds` rounds,
medians. Targets (issue 26): every HTML page at 50 % of hello-world's requests per second or more for a
visitor, 25 % of the logged-in hello-world's for a member; a visitor's p99 at most 5 × their p50.
`--ttl 1` makes every page's copy expire each second, so that rebuilds happen while it is measured: one
request rebuilds, the others get the previous copy (no stampede), but on a 2-core machine that also runs
wrk and PostgreSQL each rebuild takes half the capacity for its duration, which the p99 shows.

Usage: .venv/bin/python bench/throughput.py [--seconds 3] [--rounds 3] [--workers 2] [--uncached]
"""

import argparse
import re
import secrets
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass, field

from common import BENCH_PORT, bench_database_url, production_server, setup

VISITOR_TARGET = 0.5
MEMBER_TARGET = 0.25
TAIL_TARGET = 5.0  # p99 / p50, for a visitor


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
        ("/blog/", "/blog/", True),
        ("un article", post.get_absolute_url(), True),
        ("/veille/", "/veille/", True),
        ("une thématique", "/themes/reemploi-zero-dechet/", True),
        ("un département", "/territoires/37/", True),
        ("recherche", "/recherche/?q=solidaire", True),
        ("/agenda.ics", "/agenda.ics", False),
        ("/sitemap.xml", "/sitemap.xml", False),
    ]


def member_cookie() -> str:
    """A member's session cookie, as their browser sends it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    member, _ = get_user_model().objects.get_or_create(
        username="bench-membre", defaults={"email": "bench-membre@example.org", "display_name": "Membre du banc"}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.save()
    # A browser sends back the CSRF cookie it was given: the pages do not set a new one each time.
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={get_random_string(32)}"


def queries_of(path: str, cookie: str = "") -> tuple[int, int]:
    """Status and SQL queries of a second request (the first warms what can be warmed)."""
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for part in cookie.split("; ") if cookie else []:
        name, value = part.split("=", 1)
        client.cookies[name] = value
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


def warm(url: str, cookie: str) -> None:
    """The page asked once: what is measured is the page served, its copies expiring as they do."""
    import httpx

    httpx.get(url, headers={"Cookie": cookie} if cookie else {}, timeout=60)


@dataclass
class Load:
    rate: float  # requests per second
    p50: float  # milliseconds
    p99: float


def _milliseconds(output: str, percentile: str) -> float:
    value, unit = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, seconds: int, cookie: str = "") -> Load:
    command = [shutil.which("wrk"), "-t2", "-c8", f"-d{seconds}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603 - loopback
    if re.search(r"Non-2xx or 3xx responses", output):
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Load(rate, _milliseconds(output, "50"), _milliseconds(output, "99"))


@dataclass
class Measures:
    page: list[Load] = field(default_factory=list)
    hello: list[Load] = field(default_factory=list)

    def median(self, which: str, attribute: str) -> float:
        return statistics.median(getattr(load, attribute) for load in getattr(self, which))


def measure(measured: list, modes: dict[str, str], rounds: int, seconds: int) -> dict:
    base = f"http://127.0.0.1:{BENCH_PORT}"
    results = {(mode, name): Measures() for mode in modes for name, _, _ in measured}
    for _ in range(rounds):
        for mode, cookie in modes.items():
            for name, path, _ in measured:
                wait_idle(base)
                results[mode, name].hello.append(wrk(f"{base}/bench/bonjour/", seconds, cookie))
                wait_idle(base)
                warm(f"{base}{path}", cookie)
                results[mode, name].page.append(wrk(f"{base}{path}", seconds, cookie))
    return results


def report(measured: list, modes: dict[str, str], results: dict) -> list[str]:
    """Prints the table; returns what misses its target."""
    targets = {"visiteur": VISITOR_TARGET, "membre": MEMBER_TARGET}
    missed = []
    print(
        f"\n{'page':<16} {'qui':<9} {'req/s':>7} {'hello':>7} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7}"
    )
    for name, path, is_html in measured:
        for mode, cookie in modes.items():
            found = results[mode, name]
            rate, hello = found.median("page", "rate"), found.median("hello", "rate")
            p50, p99 = found.median("page", "p50"), found.median("page", "p99")
            status, queries = queries_of(path, cookie)
            flags = []
            if is_html and rate / hello < targets[mode]:
                flags.append(f"< {targets[mode]:.0%}")
            if is_html and mode == "visiteur" and p99 > TAIL_TARGET * p50:
                flags.append(f"p99 > {TAIL_TARGET:.0f} × p50")
            if status != 200:
                flags.append(f"status {status}")
            if flags:
                missed.append(f"{name} ({mode}: {', '.join(flags)})")
            print(
                f"{name:<16} {mode:<9} {rate:>7.0f} {hello:>7.0f} {rate / hello:>6.0%} {p50:>7.1f} {p99:>7.1f}"
                f" {queries:>7}{'  ' + ', '.join(flags) if flags else ''}"
            )
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (1: no GIL contention)")
    parser.add_argument("--only", help="the pages to measure, by name, separated by commas (all by default)")
    parser.add_argument(
        "--ttl",
        type=int,
        default=60,
        help="PAGE_CACHE_TTL of the server; 1 makes every page's copy expire each second (a stress test)",
    )
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
    measured = [page for page in pages() if not args.only or page[0] in args.only.split(",")]
    from django.conf import settings

    # The server checks the member's session with the key it was signed with here.
    settings.SECRET_KEY = secrets.token_urlsafe(60)
    modes = {"visiteur": "", "membre": member_cookie()}
    server = production_server(
        args.workers,
        PAGE_CACHE="0" if args.uncached else "1",
        PAGE_CACHE_TTL=str(args.ttl),
        GUNICORN_THREADS=str(args.threads),
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
    )
    try:
        results = measure(measured, modes, args.rounds, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    settings.PAGE_CACHE = not args.uncached  # the queries counted are those of the requests measured
    missed = report(measured, modes, results)
    cache = "page cache off: every request rendered" if args.uncached else "page cache on"
    print(
        f"\nMedians of {args.rounds} rounds of {args.seconds} s, wrk -t2 -c8, gunicorn {args.workers} workers × "
        f"{args.threads} threads, {cache} (PAGE_CACHE_TTL={args.ttl} s); hello = the hello-world view with the "
        "same cookie, measured just before."
    )
    if args.uncached:
        print("First-visit figures: the targets apply to the portal as it is served, with its page cache.")
        return 0
    print("Targets met." if not missed else "Targets missed: " + "; ".join(missed))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
