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
"""

import functools
import ipaddress

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
            f"TRUSTED_PROXIES holds something that is not an address: {error}"
        ) from None


def is_trusted_proxy(address: str) -> bool:
    """REMOTE_ADDR is one of TRUSTED_PROXIES (IPv4-mapped IPv6 counts as IPv4).

    A peer without an IP address is a UNIX socket, which only local processes can
    open: trusted, as gunicorn trusts it for the scheme."""
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return True
    if peer.version == 6 and peer.ipv4_mapped:
        peer = peer.ipv4_mapped
    # Read per request (cached by value): tests and deployments change the list.
    return any(
        peer in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
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
