"""Models of the feedback app, re-exported so that `from feedback.models import X`
works: citizens' comments (impressions of departments, leader reviews) with their
moderation, and 好差评 on answered cases with rectifications and appeals,
the history of their state changes (events), and the day roll-ups the figures
read (rollups)."""

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
from feedback.models.rollups import FeedbackDayCount

__all__ = [
    "Appeal",
    "CaseEvaluation",
    "DepartmentImpression",
    "FeedbackDayCount",
    "FeedbackEvent",
    "HideReason",
    "ImpressionTag",
    "LeaderReview",
    "ModerationLog",
    "Rectification",
    "SensitiveWord",
    "UnratedCase",
]
