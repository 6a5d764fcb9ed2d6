"""Rate limits as counters in the shared cache, incremented before they are compared.

DRF's SimpleRateThrottle keeps a list of request times that it reads, checks and
writes back; requests arriving together all read the same list, so 40 submissions
at once passed a limit of 20. Here a request first adds one to its counter, with
the cache's atomic increment (INCR in Redis, a locked row in the database cache of
`portal.cache`, a lock in local memory), and only then compares: the Nth request
of a window sees N, however many arrive at the same moment.

Windows are fixed and aligned to the clock (an hourly limit starts afresh on the
hour). The window's number is part of the key, so a counter that lost its expiry
is never read again, and Retry-After is the time left in the window. The price of
fixed windows: up to twice the limit across a window's edge (five wrong codes at
10:59, five more at 11:00), never more. Rates are DRF's, from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] by scope (THROTTLE_* in the environment).

Views limit requests per client address with `per_address(scope)`; a limit on
something else (wrong query codes, say) counts with `hit` and `refund`.

Keys hold a hash of the client's address, never the address. IPv6 addresses count
per /64, the block one customer is given, so a client cannot take a fresh address
for every try.
"""

import contextlib
import functools
import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


@dataclass(frozen=True)
class Hit:
    key: str
    count: int  # this window's count, this hit included
    wait: float  # seconds until the window ends


def rate(scope: str) -> tuple[int, int]:
    """(requests, seconds) of a scope's rate, e.g. "5/hour" -> (5, 3600)."""
    # Read at call time: tests and benchmarks replace THROTTLE_RATES.
    rates = SimpleRateThrottle.THROTTLE_RATES
    return FixedWindowThrottle.parse_rate(None, rates[scope])


def now() -> float:
    """The clock the windows follow (tests set it)."""
    return time.time()


def client_address(request) -> str:
    """The client's address as the limits count it: DRF's (REMOTE_ADDR, or
    X-Forwarded-For behind NUM_PROXIES proxies), with IPv6 narrowed to its /64."""
    ident = BaseThrottle().get_ident(request) or ""
    try:
        address = ipaddress.ip_address(ident)
    except ValueError:
        return ident
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hit(*, scope: str, ident: str, duration: int, now: float) -> Hit:
    """Count one more hit of `ident` in the current window of `scope`."""
    window = int(now // duration)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"throttle:{scope}:{digest}:{window}"
    wait = (window + 1) * duration - now
    # A second past the window's end: the database cache keeps whole seconds.
    timeout = math.ceil(wait) + 1
    for _ in range(3):
        try:
            # Most hits find their window's counter: an increment alone (one
            # round trip less to Redis, one statement less in the database
            # cache, than adding it first every time).
            return Hit(key=key, count=cache.incr(key), wait=wait)
        except ValueError:
            # The window's first hit, or its counter expired or was evicted:
            # create it (another request may just have), then increment it.
            cache.add(key, 0, timeout)
    raise RuntimeError(f"throttle counter {scope} could not be incremented")


def take(*, scope: str, ident: str, message: str) -> Hit:
    """Count one hit of `ident` at the rate of `scope`; over the limit, raise
    Throttled (429 with Retry-After) with `message`. For limits keyed by something
    other than the address (a phone, a case number), beside the view's own."""
    limit, duration = rate(scope)
    counted = hit(scope=scope, ident=ident, duration=duration, now=now())
    if counted.count > limit:
        raise Throttled(wait=counted.wait, detail=message)
    return counted


def refund(counted: Hit) -> None:
    """Take a hit back (a right query code is not a failure)."""
    # A window that is over has nothing left to take back.
    with contextlib.suppress(ValueError):
        cache.decr(counted.key)


class FixedWindowThrottle(SimpleRateThrottle):
    """A DRF throttle per client address and `scope`, counted as above. Subclasses
    set `scope`; every request, allowed or refused, counts."""

    def get_cache_key(self, request, view):
        return client_address(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.hit = hit(
            scope=self.scope,
            ident=self.get_cache_key(request, view),
            duration=self.duration,
            now=now(),
        )
        return self.hit.count <= self.num_requests

    def wait(self):
        return self.hit.wait


@functools.cache
def per_address(scope: str) -> type[FixedWindowThrottle]:
    """The per-address throttle of `scope`, for a view's `throttle_classes`.

    One class per scope, because DRF instantiates throttle classes itself. Its rate
    is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope], read on each request (an
    unknown scope fails there, as DRF's own throttles do).
    """
    name = "".join(part.title() for part in scope.split("_")) + "Throttle"
    return type(name, (FixedWindowThrottle,), {"scope": scope, "__module__": __name__})
