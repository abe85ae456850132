"""Fixed-window rate limits on what people can post, per address or per member, shared by every app
server through the "default" cache: the counters' own, which page traffic cannot evict (see
cresol/core/cache_backends.py).

Each limit is declared once, where its view lives, as a `Limit`; every declared limit is listed in
`LIMITS`, so that the tests check them all (a new limit is covered as soon as it is declared).
"""

import hashlib
import ipaddress
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

# allauth's default too: one IPv6 subscriber holds a /64, and would otherwise have 2^64 addresses to
# start a new count from.
IPV6_PREFIX = 64


class Per(StrEnum):
    ADDRESS = "address"
    MEMBER = "member"  # a phone changes address often: a member's count must not restart with each network
    MEMBER_OR_ADDRESS = "member-or-address"  # a form open to visitors and members alike


LIMITS: dict[str, "Limit"] = {}


def client_address(request: HttpRequest) -> str:
    """The client's address; an IPv6 address stands for its /64 network."""
    # REMOTE_ADDR is the proxy's address behind one; Django's SECURE_PROXY_SSL_HEADER setting does not
    # cover X-Forwarded-For, so it is only trusted when the deployment says it is behind a proxy.
    address = str(request.META.get("REMOTE_ADDR", ""))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            address = forwarded.split(",")[-1].strip()
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:  # ::ffff:203.0.113.7 is 203.0.113.7
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False).network_address)
    return str(parsed)


@dataclass(frozen=True)
class Limit:
    """At most `limit` actions of `scope` in `window_seconds`, counted per address or per member."""

    scope: str
    limit: int
    window_seconds: int
    per: Per = Per.ADDRESS

    def __post_init__(self) -> None:
        if LIMITS.setdefault(self.scope, self) is not self:
            raise ValueError(f"The rate limit {self.scope!r} is declared twice.")

    def who(self, request: HttpRequest) -> str:
        member = getattr(request, "user", None)
        signed_in = member is not None and member.is_authenticated
        if signed_in and self.per in (Per.MEMBER, Per.MEMBER_OR_ADDRESS):
            return f"member-{member.pk}"  # type: ignore[union-attr]  # signed_in says it is there
        return client_address(request)

    def hit(self, request: HttpRequest) -> bool:
        """Count one action; False once it went over the limit in the window."""
        digest = hashlib.sha256(self.who(request).encode()).hexdigest()[:32]
        key = f"ratelimit:{self.scope}:{digest}"
        # The counter exists for every action but the window's first: incr() first spares each of them a
        # failed add() (five queries on the database cache, for every request of the partners' API).
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first action, or the counter just expired
            if cache.add(key, 1, timeout=self.window_seconds):
                return True
            try:
                count = cache.incr(key)  # another request started the window meanwhile
            except ValueError:
                return True
        return count <= self.limit
