"""Models of the feedback app, re-exported so that `from feedback.models import X`
works: citizens' comments (impressions of departments, leader reviews) with their
moderation, and 好差评 on answered cases with rectifications and appeals,
and the history of their state changes (events)."""

from feedback.models.comments import (
    DepartmentImpression,
    HideReason,
    ImpressionTag,
    LeaderReview,
    ModerationLog,
    SensitiveWord,
)
from feedback.models.evaluations import (
    Appeal,
    CaseEvaluation,
    Rectification,
    UnratedCase,
)
from feedback.models.events import FeedbackEvent

__all__ = [
    "Appeal",
    "CaseEvaluation",
    "DepartmentImpression",
    "FeedbackEvent",
    "HideReason",
    "ImpressionTag",
    "LeaderReview",
    "ModerationLog",
    "Rectification",
    "SensitiveWord",
    "UnratedCase",
]
