"""Fetching outside documents (partners' calendars, feeds, pages to preview) safely.

- only http and https, and never an address on a private, loopback, link-local or reserved network
  (a server-side request forgery guard). The name is resolved once per connection, every address it
  gives is checked, and the connection goes to the address that was checked (pinned): a DNS server
  that answers differently the second time (DNS rebinding) cannot steer it elsewhere. The Host header
  and the TLS name stay the original host's. Redirects open new connections, checked the same way;
- one wall-clock deadline over everything (resolving the name, connecting, TLS, the status line, the
  headers, the body, every redirect): each network read waits at most what is left of it, so a server that drips one
  byte at a time cannot hold a worker past the deadline;
- a size cap on the bytes received and, separately, on the bytes they decode to, counted as they
  decode: a small gzip bomb (even gzip inside gzip) stops at the cap instead of filling the memory;
- conditional GET with ETag and Last-Modified.

FETCH_ALLOWED_HOSTS (a setting, from the environment in development; see .env.example) lists hosts let
through the network guard: a calendar served on this machine, the tests' local server.
"""

import ipaddress
import socket
import ssl
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, NoReturn
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from django.conf import settings

USER_AGENT = "CresolPortal/1.0 (+https://www.cresol.fr)"
# Loading the certificate store takes tens of milliseconds: done once, shared by every download.
TLS_CONTEXT = ssl.create_default_context()
MAX_REDIRECTS = 3
# Only encodings decoded here with a bound on their output; servers may not send others.
ACCEPT_ENCODING = "gzip, deflate"
MAX_ENCODING_LAYERS = 2


class FetchError(Exception):
    """The document could not be fetched; the message says why, in French, for the admin."""


@dataclass
class FetchResult:
    status: int
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""
    url: str = ""
    content_type: str = ""  # as the server sent it, charset included: a parser needs it to read the bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304


# --- Which addresses may be reached ---------------------------------------------------------------


# IPv6 addresses that carry an IPv4 one, reached through it: a private IPv4 there is a private target.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052, the IPv4 in the last 32 bits
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215, a network's own translators: never public
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated ::a.b.c.d, and :: and ::1


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 one leads to: mapped, 6to4 (2002::/16), Teredo (2001::/32), NAT64."""
    embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in embedded if address is not None]


def is_public(address: str) -> bool:
    """A global unicast address, and so is every IPv4 address it embeds (64:ff9b::7f00:1 is 127.0.0.1
    through a NAT64 gateway: Python's is_global says yes)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and (
        ip in _NAT64_LOCAL or not all(is_public(str(inner)) for inner in _embedded_ipv4(ip))
    ):
        return False
    return ip.is_global and not ip.is_multicast


# getaddrinfo() takes no timeout: names are resolved in these threads, and the fetch waits for the answer
# no longer than its deadline allows (a resolver that hangs keeps a thread here, not the caller's).
_RESOLVER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="fetch-dns")
RESOLVE_TIMEOUT = 5


def _resolve(host: str, port: int, timeout: float) -> list[Any]:
    future = _RESOLVER.submit(lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    try:
        return future.result(timeout=timeout)
    except FutureTimeout as error:
        future.cancel()
        raise FetchError(f"délai dépassé : le nom {host} ne se résout pas assez vite") from error


def public_address(host: str, port: int, *, timeout: float = RESOLVE_TIMEOUT) -> str:
    """The address to connect to for `host`, once every address the name resolves to is public."""
    if host in getattr(settings, "FETCH_ALLOWED_HOSTS", []):
        return str(_resolve(host, port, timeout)[0][4][0])
    try:
        infos = _resolve(host, port, timeout)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"nom de domaine introuvable : {host}") from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses or not all(is_public(address) for address in addresses):
        raise FetchError(f"adresse refusée : {host} pointe vers un réseau privé ou local")
    return addresses[0]


def check_address(url: str, *, allow_unresolvable: bool = False) -> None:
    """Raise FetchError unless the URL is http(s) on a public address (for a link that is stored).

    `allow_unresolvable` accepts a host that does not resolve (the link is stored, not fetched).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("adresse refusée : seules les adresses http et https sont suivies")
    try:
        public_address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except FetchError as error:
        if not (allow_unresolvable and str(error).startswith("nom de domaine introuvable")):
            raise


# --- The network under a deadline, to checked addresses only ----------------------------------------


class _Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = time.monotonic() + seconds

    def clamp(self, timeout: float | None) -> float:
        """The timeout for one network operation: never past the deadline."""
        remaining = self._at - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("deadline")
        return remaining if timeout is None else min(timeout, remaining)


class _GuardedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._stream, self._deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: Any = None
    ) -> "_GuardedStream":
        # server_hostname is the URL's host, not the pinned address: the certificate is checked for it.
        inner = self._stream.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout))
        return _GuardedStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """Connects only to checked public addresses, every operation bounded by the deadline."""

    def __init__(self, deadline: _Deadline) -> None:
        self._deadline = deadline
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self, host: str, port: int, timeout: Any = None, local_address: str | None = None, socket_options: Any = None
    ) -> "_GuardedStream":
        address = public_address(host, port, timeout=self._deadline.clamp(timeout))
        stream = self._sockets.connect_tcp(address, port, self._deadline.clamp(timeout), local_address, socket_options)
        return _GuardedStream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: Any = None, socket_options: Any = None) -> NoReturn:
        raise FetchError("adresse refusée")


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, backend: _GuardedBackend) -> None:
        super().__init__(verify=TLS_CONTEXT, trust_env=False)
        # httpx has no public way to hand its connection pool a network backend: the pool it built is
        # replaced by the same one over ours (tests/core/test_fetch.py fails if httpx changes this).
        self._pool = httpcore.ConnectionPool(ssl_context=TLS_CONTEXT, network_backend=backend)


# --- Decoding with a bound ---------------------------------------------------------------------------


class _BoundedDecoder:
    """Undoes the Content-Encoding layers, never producing more than `limit` bytes in all."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        encodings = [e.strip().lower() for e in content_encoding.split(",") if e.strip() not in ("", "identity")]
        if len(encodings) > MAX_ENCODING_LAYERS:
            raise FetchError("document refusé : trop d'encodages successifs")
        self._layers = []
        for encoding in reversed(encodings):  # the last encoding applied is the first undone
            if encoding in ("gzip", "x-gzip"):
                self._layers.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
            elif encoding == "deflate":
                self._layers.append(zlib.decompressobj(zlib.MAX_WBITS))
            else:
                raise FetchError(f"document refusé : encodage « {encoding} » non pris en charge")
        self._limit = limit
        self._produced = 0

    def _inflate(self, layer: Any, data: bytes, budget: int) -> bytes:
        parts, size = [], 0
        while data and size <= budget:
            chunk = layer.decompress(data, budget + 1 - size)
            parts.append(chunk)
            size += len(chunk)
            data = layer.unconsumed_tail
        if size > budget:
            raise FetchError(f"document trop volumineux une fois décompressé (plus de {self._limit} octets)")
        return b"".join(parts)

    def decode(self, data: bytes) -> bytes:
        try:
            for layer in self._layers:
                data = self._inflate(layer, data, self._limit - (self._produced if layer is self._layers[-1] else 0))
        except zlib.error as error:
            raise FetchError("document illisible : compression invalide") from error
        self._produced += len(data)
        if self._produced > self._limit:
            raise FetchError(f"document trop volumineux (plus de {self._limit} octets)")
        return data


# --- The download ------------------------------------------------------------------------------------


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    connect_timeout: float = 5,
    read_timeout: float = 10,
    deadline: float = 30,
    max_bytes: int = 5 * 1024 * 1024,
    accept: str = "*/*",
) -> FetchResult:
    """GET `url` within `deadline` seconds in all, `max_bytes` at most (received, and decoded)."""
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout)
    clock = _Deadline(deadline)
    transport = _GuardedTransport(_GuardedBackend(clock))
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, headers=headers) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError("adresse refusée : seules les adresses http et https sont suivies")
            try:
                with client.stream("GET", url) as response:
                    if response.status_code == 304:
                        return FetchResult(status=304, etag=etag, last_modified=last_modified, url=url)
                    if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("location"):
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"le serveur a répondu {response.status_code}")
                    return FetchResult(
                        status=response.status_code,
                        content=_read_body(response, max_bytes),
                        etag=response.headers.get("etag", ""),
                        last_modified=response.headers.get("last-modified", ""),
                        url=url,
                        content_type=response.headers.get("content-type", "")[:200],
                    )
            except httpx.TimeoutException as error:
                raise FetchError(
                    f"délai dépassé : le serveur ne répond pas assez vite ({clock.seconds:.0f} s au plus)"
                ) from error
            except httpx.HTTPError as error:
                raise FetchError(f"échec de la connexion : {error.__class__.__name__}") from error
    raise FetchError("trop de redirections")


def post(
    url: str, *, body: bytes, headers: dict[str, str], deadline: float = 15, answer_bytes: int = 500
) -> tuple[int, bytes]:
    """POST `body` to `url` (a webhook), to a checked address, within `deadline` seconds; the status and
    the answer's first `answer_bytes` bytes. Redirects are not followed: they are the answer."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("adresse refusée : seules les adresses http et https sont suivies")
    clock = _Deadline(deadline)
    timeout = httpx.Timeout(deadline)
    transport = _GuardedTransport(_GuardedBackend(clock))
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False) as client:
        try:
            with client.stream("POST", url, content=body, headers={"User-Agent": USER_AGENT, **headers}) as response:
                answer = b""
                for raw in response.iter_raw():
                    answer += raw
                    if len(answer) >= answer_bytes:
                        break
                return response.status_code, answer[:answer_bytes]
        except httpx.TimeoutException as error:
            raise FetchError(
                f"délai dépassé : le serveur ne répond pas assez vite ({clock.seconds:.0f} s au plus)"
            ) from error
        except httpx.HTTPError as error:
            raise FetchError(f"échec de la connexion : {error.__class__.__name__}") from error


def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"document trop volumineux ({declared} octets, {max_bytes} au plus)")
    decoder = _BoundedDecoder(response.headers.get("content-encoding", ""), max_bytes)
    chunks, received = [], 0
    # The raw bytes, decoded here: httpx's own decoding inflates a whole chunk at once, without a bound.
    for raw in response.iter_raw():
        received += len(raw)
        if received > max_bytes:
            raise FetchError(f"document trop volumineux (plus de {max_bytes} octets)")
        chunks.append(decoder.decode(raw))
    return b"".join(chunks)
