"""A fixed-window rate limit through the cache (Redis in production), the client address, and
the limits of the public forms that use it."""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The address to rate-limit. Behind a proxy set TRUSTED_PROXY_COUNT so X-Forwarded-For is used.

    Always an IP address: a hop that is not one (a misconfigured proxy count letting a client's
    own text through) falls back to the connecting address, which the sign-in lockout stores."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count and _is_ip(hops[-count]):
            return hops[-count]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_ip(remote) else "0.0.0.0"


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


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


def booking_rate_limited(request) -> bool:
    """One more booking attempt from this address; True when over BOOKING_RATE_LIMIT an hour.

    Counted per address, not per email: one address sending many bookings is the abuse (issue
    12, point 9), and an office behind one NAT books a handful of people, well under the limit."""
    return rate_limit_hit(
        scope="booking",
        key=client_ip(request),
        limit=settings.BOOKING_RATE_LIMIT,
        window_seconds=3600,
    )
