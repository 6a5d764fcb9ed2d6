"""Per-IP rate limits on the citizens' feedback endpoints (rates by environment:
THROTTLE_IMPRESSION, THROTTLE_REVIEW, THROTTLE_EVALUATION), counted atomically
(kernel/throttles.py)."""

from kernel.throttles import FixedWindowThrottle


class ImpressionThrottle(FixedWindowThrottle):
    scope = "impression"


class ReviewThrottle(FixedWindowThrottle):
    scope = "review"


class EvaluationThrottle(FixedWindowThrottle):
    scope = "evaluation"
