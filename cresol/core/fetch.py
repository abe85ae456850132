"""Fetching outside documents (partners' calendars, feeds, pages to preview) safely.

- only http and https, and never an address on a private, loopback, link-local or reserved network
  (a server-side request forgery guard), checked again at every redirect;
- connect and read timeouts, a total deadline (a server that drips bytes cannot hold a worker), and
  a size cap enforced while the body streams in;
- conditional GET with ETag and Last-Modified.

FETCH_ALLOWED_HOSTS (a setting) lists hosts let through the network guard: the tests' local server.
"""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

USER_AGENT = "CresolPortal/1.0 (+https://www.cresol.fr)"
# Loading the certificate store takes tens of milliseconds: done once, shared by every download.
TLS_CONTEXT = ssl.create_default_context()
MAX_REDIRECTS = 3


class FetchError(Exception):
    """The document could not be fetched; the message says why, in French, for the admin."""


@dataclass
class FetchResult:
    status: int
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""
    url: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def check_address(url: str, *, allow_unresolvable: bool = False) -> None:
    """Raise FetchError unless the URL is http(s) on a public address.

    `allow_unresolvable` accepts a host that does not resolve (for a link that is stored, not fetched).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("adresse refusée : seules les adresses http et https sont suivies")
    if parts.hostname in getattr(settings, "FETCH_ALLOWED_HOSTS", []):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        if allow_unresolvable:
            return
        raise FetchError(f"nom de domaine introuvable : {parts.hostname}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise FetchError(f"adresse refusée : {parts.hostname} pointe vers un réseau privé ou local")


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
    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout)
    started = time.monotonic()
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers, verify=TLS_CONTEXT) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            check_address(url)
            try:
                with client.stream("GET", url) as response:
                    if response.status_code == 304:
                        return FetchResult(status=304, etag=etag, last_modified=last_modified, url=url)
                    if response.status_code in (301, 302, 303, 307, 308) and response.headers.get("location"):
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise FetchError(f"le serveur a répondu {response.status_code}")
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > max_bytes:
                        raise FetchError(f"document trop volumineux ({declared} octets, {max_bytes} au plus)")
                    chunks, size = [], 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"document trop volumineux (plus de {max_bytes} octets)")
                        if time.monotonic() - started > deadline:
                            raise FetchError(f"délai dépassé ({deadline:.0f} s)")
                        chunks.append(chunk)
                    return FetchResult(
                        status=response.status_code,
                        content=b"".join(chunks),
                        etag=response.headers.get("etag", ""),
                        last_modified=response.headers.get("last-modified", ""),
                        url=url,
                    )
            except httpx.TimeoutException as error:
                raise FetchError("délai dépassé : le serveur ne répond pas assez vite") from error
            except httpx.HTTPError as error:
                raise FetchError(f"échec de la connexion : {error.__class__.__name__}") from error
    raise FetchError("trop de redirections")
