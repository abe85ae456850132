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
def _serving(command: list[str], port: int, what: str):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
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
