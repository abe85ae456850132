"""Fixtures shared by the whole suite. Tests run against the real PostgreSQL/PostGIS database."""

import pytest
from django.core.management import call_command

from cresol.territories.loader import load_territories


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the region's real territories and the cache table, loaded once."""
    with django_db_blocker.unblock():
        load_territories()
        call_command("createcachetable")


@pytest.fixture(autouse=True)
def _clear_cache(db):
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


class _Route:
    def __init__(self, body=b"", status=200, headers=None, delay=0.0, chunks=1, chunk_delay=0.0):
        self.body, self.status, self.headers = body, status, headers or {}
        self.delay, self.chunks, self.chunk_delay = delay, chunks, chunk_delay
        self.hits = 0


@pytest.fixture
def http_server(settings):
    """A local HTTP server for what the portal fetches (partners' feeds, pages): never the internet.

    `server.route(path, body=…, status=…, headers=…, delay=…)`; an `ETag` header is honoured with 304.
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
            route = routes.get(self.path)
            if route is None:
                self.send_response(404)
                self.end_headers()
                return
            route.hits += 1
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
