"""A small fixed-window rate limit on what people can post (per address, or per member), shared by every
app server through the cache (which lives in the database)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # REMOTE_ADDR is the proxy's address behind one; Django's SECURE_PROXY_SSL_HEADER setting does not
    # cover X-Forwarded-For, so it is only trusted when the deployment says it is behind a proxy.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(request, *, scope: str, limit: int, window_seconds: int, per_member: bool = False) -> bool:
    """Count one action in `scope`; False once it went over `limit` in the window.

    Counted per client address, or with `per_member` per logged-in member whatever the address (a phone
    changes address often: a member's limit must not start again with each network).
    """
    who = f"member-{request.user.pk}" if per_member else client_address(request)
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return True
    return count <= limit
