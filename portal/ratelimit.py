"""A fixed-window rate limit through the cache (Redis in production), and the client address."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The address to rate-limit. Behind a proxy set TRUSTED_PROXY_COUNT so X-Forwarded-For is used."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limit_hit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one use of scope by key; True when that goes over the limit in this window.

    When the cache is unreachable the limit is not enforced: refusing everyone during a Redis
    outage would be worse than letting a few extra submissions through.
    """
    cache_key = f"ratelimit:{scope}:{key}"
    try:
        if cache.add(cache_key, 1, timeout=window_seconds):
            return False
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return False
    if count is None:
        return False
    return count > limit
