"""Fixtures shared by the whole suite. Tests run against the real PostgreSQL/PostGIS database."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cresol.territories.services import territories_load


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the region's real territories and the cache table, loaded once."""
    with django_db_blocker.unblock():
        call_command("createcachetable")  # first: any write of content touches the page cache
        territories_load()


@pytest.fixture
def page_cache_off(settings):
    """For a test that counts a view's own queries: the page cache would add its reads and writes, or
    answer in one query. The page cache itself is tested in tests/core/test_page_cache.py."""
    settings.PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _clear_cache(db):
    """Rate-limit counters and pages live in the caches: each test starts with none."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path_factory):
    """The library's private files in a folder of the test's own, never in the project's var/private."""
    location = tmp_path_factory.mktemp("private")
    private = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location, "base_url": settings.PRIVATE_FILES_URL},
    }
    settings.STORAGES = {**settings.STORAGES, "private": private}
    return location


MAIL_THROUGH_THE_OUTBOX = {
    "default": {"BACKEND": "cresol.outbox.backends.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """As in production, an e-mail is queued in the outbox and a job delivers it. Django's test set-up
    turns every mailer into an in-memory one: the outbox is put back in front, and `mailoutbox` holds
    what the jobs delivered (run them with `run_jobs`)."""
    settings.MAILERS = MAIL_THROUGH_THE_OUTBOX


@pytest.fixture(autouse=True)
def _empty_the_queue_after_transactional_tests(request, django_db_blocker):
    """Procrastinate's tables are not Django models that a transactional test's flush empties: jobs a
    browser test queued must not be run by the next test."""
    yield
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        from django.db import connection

        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE procrastinate_jobs, procrastinate_periodic_defers, procrastinate_events, "
                "procrastinate_workers RESTART IDENTITY CASCADE"
            )


_JOB_COLUMNS = "id, status, priority, lock, queueing_lock, task_name, args, scheduled_at, queue_name, attempts"
_NEXT_JOB = f"SELECT {_JOB_COLUMNS} FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id LIMIT 1"  # noqa: S608


@pytest.fixture
def run_jobs(db):
    """Runs the jobs waiting in the queue as the worker would, but inside the test's transaction (a
    worker has its own connection and would not see the test's rows), then removes them. Returns the
    names of the tasks run. The worker itself — two workers, retries, schedules — is tested in
    tests/core/test_tasks.py."""
    import json
    import time

    from django.db import connection
    from procrastinate import JobContext
    from procrastinate.contrib.django import app
    from procrastinate.jobs import Job

    def run() -> list[str]:
        ran = []
        while True:
            with connection.cursor() as cursor:
                cursor.execute(_NEXT_JOB)
                row = cursor.fetchone()
            if row is None:
                return ran
            job_row = dict(zip(_JOB_COLUMNS.split(", "), row, strict=True))
            if isinstance(job_row["args"], str):  # Django's connection leaves jsonb undecoded
                job_row["args"] = json.loads(job_row["args"])
            job = Job.from_row(job_row)
            task = app.tasks[job.task_name]
            if task.pass_context:
                context = JobContext(app=app, job=job, start_timestamp=time.time(), abort_reason=lambda: None)
                task.func(context, **job.task_kwargs)
            else:
                task.func(**job.task_kwargs)
            with connection.cursor() as cursor:
                cursor.execute("UPDATE procrastinate_periodic_defers SET job_id = NULL WHERE job_id = %s", [job.id])
                cursor.execute("DELETE FROM procrastinate_jobs WHERE id = %s", [job.id])
            ran.append(job.task_name)

    return run


class _Route:
    def __init__(self, body=b"", status=200, headers=None, delay=0.0, chunks=1, chunk_delay=0.0):
        self.body, self.status, self.headers = body, status, headers or {}
        self.delay, self.chunks, self.chunk_delay = delay, chunks, chunk_delay
        self.hits = 0
        self.received: list[tuple[dict, bytes]] = []  # what was POSTed: (headers, body)


@pytest.fixture
def http_server(settings):
    """A local HTTP server for what the portal fetches (partners' feeds, pages): never the internet.

    `server.route(path, body=…, status=…, headers=…, delay=…)`; an `ETag` header is honoured with 304;
    a POST is answered the same way and kept in `route.received` (a webhook's headers and body).
    `server.url(path)` gives the address. The fetch guard lets 127.0.0.1 through for these tests only.
    """
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    routes: dict[str, _Route] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            # An exact address first, else the path alone (an API called with varying query strings).
            route = routes.get(self.path) or routes.get(self.path.split("?")[0])
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            route.hits += 1
            route.last_path = self.path
            time.sleep(route.delay)
            etag = route.headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            size = max(1, len(route.body) // route.chunks)
            try:
                for start in range(0, len(route.body), size):
                    self.wfile.write(route.body[start : start + size])
                    self.wfile.flush()
                    time.sleep(route.chunk_delay)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self):
            route = routes.get(self.path)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            route.hits += 1
            route.received.append((dict(self.headers.items()), body))
            time.sleep(route.delay)
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]

    class Server:
        def route(self, path, **kwargs):
            routes[path] = _Route(**kwargs)
            return routes[path]

        def url(self, path):
            return f"http://127.0.0.1:{server.server_address[1]}{path}"

    yield Server()
    server.shutdown()
    server.server_close()


@pytest.fixture
def reference_data(transactional_db):
    """Territories and themes: transactional and browser tests empty every table after each test, so load them again."""
    from cresol.territories.models import Commune
    from cresol.territories.services import territories_load
    from cresol.themes.models import Theme
    from cresol.themes.starting_set import STARTING_THEMES

    if not Commune.objects.exists():
        territories_load()
    for order, (slug, name, colour, description) in enumerate(STARTING_THEMES, start=1):
        Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "colour": colour, "description": description, "order": order * 10}
        )


@pytest.fixture
def radar_grid(db):
    """The grid in use: the migration's first version (browser tests empty the tables: made again)."""
    from initiatives.radar.models import Grid
    from initiatives.radar.starting_grid import create_starting_grid

    grid = Grid.objects.current() or create_starting_grid(Grid, timezone.now())
    return Grid.objects.prefetch_related("axes__questions").get(pk=grid.pk)
