"""Each client at the rate its key was issued with; requests without a key (and
with a key nobody holds) per address at OPEN311_READ (kernel.throttles' counters)."""

from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from kernel import throttles


class ClientOrAddressThrottle(BaseThrottle):
    def allow_request(self, request, view):
        client = getattr(view, "client", None)
        if client is not None:
            limit, duration = SimpleRateThrottle.parse_rate(None, client.rate_limit)
            scope, ident = "open311_client", client.pk
        else:
            limit, duration = throttles.rate("open311_read")
            scope, ident = "open311_read", throttles.client_address(request)
        self.hit = throttles.hit(
            scope=scope, ident=ident, duration=duration, now=throttles.now()
        )
        return self.hit.count <= limit

    def wait(self):
        return self.hit.wait
