"""What the benchmarks share: their own database, Django set up on it, and medians."""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


def setup(url: str) -> None:
    """Create the bench database if needed, migrate it and load the territories."""
    import psycopg

    parts = urlsplit(url)
    admin = f"host={parts.hostname} port={parts.port or 5432} user={parts.username or 'postgres'} dbname=postgres"
    if parts.password:
        admin += f" password={parts.password}"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone():
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
    os.environ.update(DATABASE_URL=url, DJANGO_DEBUG="1", DJANGO_SETTINGS_MODULE="cresol.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_territories", if_empty=True, verbosity=0)


def median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)
