"""Per-IP rate limits on the citizens' feedback endpoints (rates by environment:
THROTTLE_IMPRESSION, THROTTLE_REVIEW, THROTTLE_EVALUATION)."""

from rest_framework.throttling import SimpleRateThrottle


class _PerIPThrottle(SimpleRateThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class ImpressionThrottle(_PerIPThrottle):
    scope = "impression"


class ReviewThrottle(_PerIPThrottle):
    scope = "review"


class EvaluationThrottle(_PerIPThrottle):
    scope = "evaluation"
