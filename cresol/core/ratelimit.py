"""A small fixed-window rate limit on what anonymous people can post, shared by every app server
through the cache (which lives in the database)."""

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


def hit(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one action of this client in `scope`; False once it went over `limit` in the window."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return True
    return count <= limit
