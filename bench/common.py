"""What the benchmarks share: their own database, Django set up on it, and medians."""

import os
import secrets
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# Two runs on one machine pick different names and ports: BENCH_DATABASE=cresol_bench2 BENCH_PORT=8801.
BENCH_DATABASE = os.environ.get("BENCH_DATABASE", "cresol_bench")
BENCH_PORT = int(os.environ.get("BENCH_PORT", "8799"))


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL")
    if not base:
        base = (ROOT / "var" / "database.env").read_text().strip().split("=", 1)[1]
    return urlunsplit(urlsplit(base)._replace(path=f"/{BENCH_DATABASE}"))


def setup(url: str, *, production: bool = False) -> None:
    """Create the bench database if needed, migrate it and load the territories. With `production`,
    Django runs with DEBUG off, as served (no query log, no debug template engine)."""
    import psycopg

    parts = urlsplit(url)
    admin = f"host={parts.hostname} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
    if parts.password:
        admin += f" password={parts.password}"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    os.environ.update(DATABASE_URL=url, DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="cresol.settings")
    if production:
        os.environ.update(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
            DJANGO_ALLOWED_HOSTS="localhost",
            DJANGO_SECURE_SSL_REDIRECT="0",
            STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_territories", if_empty=True, verbosity=0)
    if production:  # the pages name their static files by the manifest, as the Dockerfile builds it
        call_command("collectstatic", interactive=False, verbosity=0)


def production_server(workers: int = 2, **settings: str):
    """gunicorn on loopback with production settings (DJANGO_DEBUG=0) on the bench database, after a
    collectstatic as the Dockerfile runs it; bench.settings adds the hello-world view. Stop it with
    .terminate()."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "GUNICORN_BIND": f"127.0.0.1:{BENCH_PORT}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": "1",
        **settings,
    }
    subprocess.run(  # noqa: S603 - what the Dockerfile runs at build time
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            "cresol.wsgi",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{BENCH_PORT}/bench/bonjour/").status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError("gunicorn did not start")
        time.sleep(0.3)


def median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


@contextmanager
def counting(connection):
    """Counts the SQL queries run inside the block (the request's own connection handling may reset the
    debug log CaptureQueriesContext reads): `with counting(connection) as count: …; count[0]`."""
    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count
