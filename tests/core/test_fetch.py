"""The fetch guard against hostile servers: one that drips its headers, a gzip bomb, a DNS that rebinds.

Every server here is a local socket server written for the test; nothing leaves the machine.
"""

import gzip
import socket
import threading
import time
import tracemalloc

import pytest

from cresol.core import fetch as fetch_module
from cresol.core.fetch import FetchError, fetch


class RawServer:
    """A TCP server on 127.0.0.1 (or another loopback address) that runs `handler(connection)` per client."""

    def __init__(self, handler, host="127.0.0.1", port=0):
        self.handler, self.hits = handler, 0
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind((host, port))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.socket.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.hits += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        try:
            connection.recv(65536)
            self.handler(connection, self.stopped)
        except OSError:
            pass
        finally:
            connection.close()

    def close(self):
        self.stopped.set()
        self.socket.close()


@pytest.fixture
def raw_server(settings):
    servers = []
    settings.FETCH_ALLOWED_HOSTS = ["127.0.0.1"]

    def start(handler, **kwargs):
        server = RawServer(handler, **kwargs)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def test_a_server_that_drips_its_headers_is_cut_at_the_deadline(raw_server):
    def drip(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        while not stopped.is_set():  # one byte of a never-ending header every 0.3 s
            connection.sendall(b"X")
            time.sleep(0.3)

    server = raw_server(drip)
    started = time.monotonic()
    with pytest.raises(FetchError, match="délai dépassé"):
        fetch(f"http://127.0.0.1:{server.port}/", read_timeout=1, deadline=2)
    assert 1.9 < time.monotonic() - started < 3.5


def test_a_server_that_drips_its_body_is_cut_at_the_deadline_too(raw_server):
    def drip(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not stopped.is_set():
            connection.sendall(b"x")
            time.sleep(0.2)

    server = raw_server(drip)
    started = time.monotonic()
    with pytest.raises(FetchError, match="délai dépassé"):
        fetch(f"http://127.0.0.1:{server.port}/", read_timeout=1, deadline=1.5)
    assert time.monotonic() - started < 3


def test_a_prompt_server_is_read_whole(raw_server):
    """The positive control of the two tests above: the same server, answering at once."""

    def answer(connection, stopped):
        connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nETag: "v1"\r\n\r\nhello')

    server = raw_server(answer)
    result = fetch(f"http://127.0.0.1:{server.port}/", deadline=2)
    assert (result.status, result.content, result.etag) == (200, b"hello", '"v1"')


def test_a_double_gzip_bomb_stops_at_the_cap_without_filling_the_memory(raw_server):
    inflated = 64 * 1024 * 1024
    body = gzip.compress(gzip.compress(b"\0" * inflated, compresslevel=9), compresslevel=9)
    assert len(body) < 1000  # a few hundred bytes on the wire

    def bomb(connection, stopped):
        headers = f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip, gzip\r\nContent-Length: {len(body)}\r\n\r\n"
        connection.sendall(headers.encode() + body)

    server = raw_server(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match="trop volumineux"):
            fetch(f"http://127.0.0.1:{server.port}/", max_bytes=1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"{peak / 1e6:.0f} MB held while decoding"


def test_a_gzipped_document_under_the_cap_is_decoded(raw_server):
    text = "<rss>" + "élément " * 10_000 + "</rss>"
    body = gzip.compress(text.encode())

    def answer(connection, stopped):
        connection.sendall(
            f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
        )

    server = raw_server(answer)
    assert fetch(f"http://127.0.0.1:{server.port}/", max_bytes=1024 * 1024).content.decode() == text


def test_an_encoding_that_cannot_be_bounded_is_refused(raw_server):
    def answer(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc")

    server = raw_server(answer)
    with pytest.raises(FetchError, match="encodage"):
        fetch(f"http://127.0.0.1:{server.port}/")


def test_a_name_that_rebinds_to_loopback_after_the_check_is_never_connected_to(raw_server, monkeypatch, settings):
    """The resolver answers a "public" address first and loopback after: the connection keeps the first.

    127.0.0.2 stands for the public address (the guard is told to take it as public), so that no
    traffic leaves the machine; the "internal" server on 127.0.0.1 must never be reached.
    """
    settings.FETCH_ALLOWED_HOSTS = []

    def answer(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\npublic")

    def internal(connection, stopped):
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret")

    public_server = raw_server(answer, host="127.0.0.2")
    internal_server = raw_server(internal, host="127.0.0.1", port=public_server.port)
    answers = iter(["127.0.0.2"] + ["127.0.0.1"] * 10)
    lookups = []
    real_getaddrinfo = socket.getaddrinfo

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = next(answers)
        lookups.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.2")
    result = fetch(f"http://rebind.example:{public_server.port}/")
    assert result.content == b"public"
    assert lookups == ["127.0.0.2"]  # resolved once, and that address was used
    assert internal_server.hits == 0 and public_server.hits == 1


def test_a_name_that_resolves_to_loopback_is_refused(monkeypatch, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    with pytest.raises(FetchError, match="réseau privé ou local"):
        fetch("http://localhost:9/")
    with pytest.raises(FetchError, match="réseau privé ou local"):
        fetch("http://[::1]:9/")


def test_a_resolver_that_hangs_is_cut_at_the_deadline(monkeypatch, settings):
    settings.FETCH_ALLOWED_HOSTS = []
    real_getaddrinfo = socket.getaddrinfo

    def slow_getaddrinfo(host, port, *args, **kwargs):
        if host == "lent.example":
            time.sleep(3)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    started = time.monotonic()
    with pytest.raises(FetchError, match="délai dépassé"):
        fetch("http://lent.example/", deadline=1)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 (RFC 6052) of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254, the cloud's metadata service
        "64:ff9b:1::a00:1",  # local-use NAT64 (RFC 8215)
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "::ffff:10.0.0.1",  # IPv4-mapped
    ],
)
def test_an_ipv6_address_that_embeds_a_private_ipv4_is_refused(address, monkeypatch, settings):
    """Python's is_global says yes to NAT64, 6to4 and IPv4-compatible forms of 127.0.0.1."""
    from cresol.core.fetch import is_public

    assert not is_public(address)
    settings.FETCH_ALLOWED_HOSTS = []
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", lambda *args, **kwargs: [(10, 1, 6, "", (address, 80))])
    with pytest.raises(FetchError, match="réseau privé ou local"):
        fetch_module.fetch("http://partenaire.example.org/flux.xml")


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2a00:1450:4007:80e::200e", "8.8.8.8"])
def test_public_addresses_stay_reachable_whatever_their_form(address):
    from cresol.core.fetch import is_public

    assert is_public(address)
