"""Rate limits on the citizens' case endpoints (rates in settings, by environment)."""

import hashlib

from rest_framework.throttling import SimpleRateThrottle


class _PerIPThrottle(SimpleRateThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class CaseSubmitThrottle(_PerIPThrottle):
    scope = "case_submit"


class CaseLookupThrottle(_PerIPThrottle):
    scope = "case_lookup"


class CodeFailureThrottle(SimpleRateThrottle):
    """Counts wrong query codes per case number, from any IP, so that a code cannot be
    guessed by spreading attempts over many addresses. Only failures count; unknown
    numbers count too, so the limit does not reveal which numbers exist."""

    scope = "case_code_failure"

    def __init__(self, *, number: str):
        super().__init__()
        digest = hashlib.sha256(number.strip().upper().encode()).hexdigest()[:32]
        self.key = self.cache_format % {"scope": self.scope, "ident": digest}
        self.now = self.timer()
        self.history = [
            moment
            for moment in self.cache.get(self.key, [])
            if moment > self.now - self.duration
        ]

    def get_cache_key(self, request, view):
        return self.key

    def is_locked(self) -> bool:
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
