"""Forwarded headers count only when a trusted reverse proxy sent them.

X-Forwarded-Proto decides whether Django treats a request as HTTPS
(SECURE_PROXY_SSL_HEADER, TRUST_X_FORWARDED_PROTO); X-Forwarded-For gives the
client's address to the API throttles and the admin login lockouts (DRF's
NUM_PROXIES). Both are plain request headers: a client that reaches gunicorn
directly, past the proxy, could name any scheme and any address, and take a fresh
throttle budget with every request. So every X-Forwarded-* (and RFC 7239
Forwarded, X-Real-IP) header is removed unless the connection itself, REMOTE_ADDR,
comes from one of TRUSTED_PROXIES (addresses or networks, default the loopback
addresses where the local nginx connects from) or a UNIX socket.

The proxy must in turn overwrite what the client sent (nginx: X-Forwarded-Proto
$scheme, X-Forwarded-For $remote_addr, or $proxy_add_x_forwarded_for with
NUM_PROXIES counting the proxies), see docs/security/privacy.md.

`client_address` is the client as the portal then believes it, for what must not
take a proxy for its client: /metrics (METRICS_ALLOWED_IPS) and gunicorn's access
log (portal/access_log.py).
"""

import functools
import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_FORWARDED_HEADERS = ("HTTP_FORWARDED", "HTTP_X_REAL_IP")
_FORWARDED_PREFIX = "HTTP_X_FORWARDED_"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(
            "TRUSTED_PROXIES or METRICS_ALLOWED_IPS holds something that is not "
            f"an address: {error}"
        ) from None


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def address_in(address: str, entries: Sequence[str]) -> bool:
    """`address` is one of `entries`, addresses or networks (IPv4-mapped IPv6
    counts as IPv4); never for something that is not an IP address."""
    ip = _ip(address)
    # Cached by value: tests and deployments change the lists.
    return ip is not None and any(ip in net for net in _networks(tuple(entries)))


def is_trusted_proxy(address: str, trusted: Sequence[str] | None = None) -> bool:
    """REMOTE_ADDR is one of `trusted`, by default TRUSTED_PROXIES.

    A peer without an IP address is a UNIX socket, which only local processes can
    open: trusted, as gunicorn trusts it for the scheme."""
    if _ip(address) is None:
        return True
    # Read per request: tests and deployments change the list.
    return address_in(address, settings.TRUSTED_PROXIES if trusted is None else trusted)


def forwarded_client(meta: dict, *, trusted: Sequence[str], num_proxies: int) -> str:
    """The client's address in a WSGI environ: REMOTE_ADDR, unless that peer is
    one of `trusted` and forwarded the request; then the address `num_proxies`
    back in X-Forwarded-For (the last one, which the trusted proxy wrote itself,
    when NUM_PROXIES is 0), or without one, the X-Real-IP it set.

    With NUM_PROXIES of 1 or more this is the throttles' address (DRF's rule).
    With 0 they count the proxy's own address; this still names the forwarded
    client, so that a request through the local nginx never passes for a local
    one. The proxy must overwrite these headers (docs/security/privacy.md)."""
    peer = meta.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer, trusted):
        return peer
    chain = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [hop for hop in chain if hop]
    if chain:
        return chain[-min(max(num_proxies, 1), len(chain))]
    return meta.get("HTTP_X_REAL_IP", "").strip() or peer


def client_address(request) -> str:
    """The client of a request to the portal (`forwarded_client` with the
    portal's TRUSTED_PROXIES and NUM_PROXIES)."""
    return forwarded_client(
        request.META,
        trusted=settings.TRUSTED_PROXIES,
        num_proxies=settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0,
    )


def drop_untrusted_forwarding(meta: dict) -> None:
    """Remove the forwarded headers from a WSGI environ whose peer is not trusted."""
    if is_trusted_proxy(meta.get("REMOTE_ADDR", "")):
        return
    for key in [k for k in meta if k.startswith(_FORWARDED_PREFIX)]:
        del meta[key]
    for key in _FORWARDED_HEADERS:
        meta.pop(key, None)


class TrustedProxyMiddleware:
    """First in MIDDLEWARE, so nothing after it reads a forged header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_untrusted_forwarding(request.META)
        return self.get_response(request)
