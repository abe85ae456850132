"""Servers the tests start for themselves on free loopback ports: an S3-compatible store (moto in
server mode) and Redis. Whatever the machine runs on the usual ports is left alone."""

import contextlib
import shutil
import socket
import subprocess
import sys
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{what} did not start on port {port}") from None
            time.sleep(0.1)


@contextlib.contextmanager
def _serving(command: list[str], port: int, what: str, environment: dict | None = None):
    process = subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.DEVNULL,  # noqa: S603
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, what)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def local_s3():
    """Yields the endpoint URL of a fresh, empty moto S3 server."""
    port = free_port()
    with _serving([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], port, "moto"):
        yield f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def local_redis():
    """Yields the URL of a fresh Redis that keeps nothing on disk (Debian's redis-server)."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    with _serving(command, port, "redis-server"):
        yield f"redis://127.0.0.1:{port}/0"


@contextlib.contextmanager
def portal_under_gunicorn(environment: dict, *, root):
    """The portal under gunicorn on a free loopback port, with the given environment; yields its URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "cresol.wsgi"]
    process = subprocess.Popen(
        command,
        cwd=root,
        env=environment,
        stdout=subprocess.DEVNULL,  # noqa: S603
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, "gunicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def caddy_in_front(upstream: str, *, media_dir, root):
    """The project's Caddyfile served by Debian's caddy on a free port, in front of `upstream`."""
    port = free_port()
    environment = {
        "SITE_DOMAIN": f"http://127.0.0.1:{port}",
        "UPSTREAM": upstream.removeprefix("http://"),
        "MEDIA_DIR": str(media_dir),
        "HOME": str(media_dir),
        "XDG_DATA_HOME": str(media_dir),
        "XDG_CONFIG_HOME": str(media_dir),
        "PATH": "/usr/bin:/bin",
    }
    binary = shutil.which("caddy") or "/usr/bin/caddy"
    command = [binary, "run", "--config", str(root / "Caddyfile"), "--adapter", "caddyfile"]
    with _serving(command, port, "caddy", environment):
        yield f"http://127.0.0.1:{port}"


def database_url_for_tests() -> str:
    """DATABASE_URL pointed at the test database: what a server or script the tests start must use."""
    import os
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))
