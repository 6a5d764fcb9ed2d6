"""The back office for feedback: moderation of comments (comments.py), and ratings,
rectifications, appeals and the invite list (evaluations.py)."""

from feedback.admin.comments import (
    DepartmentImpressionAdmin,
    ImpressionTagAdmin,
    LeaderReviewAdmin,
    ModerationLogAdmin,
    SensitiveWordAdmin,
)
from feedback.admin.evaluations import (
    AppealAdmin,
    CaseEvaluationAdmin,
    RectificationAdmin,
    UnratedCaseAdmin,
)

__all__ = [
    "AppealAdmin",
    "CaseEvaluationAdmin",
    "DepartmentImpressionAdmin",
    "ImpressionTagAdmin",
    "LeaderReviewAdmin",
    "ModerationLogAdmin",
    "RectificationAdmin",
    "SensitiveWordAdmin",
    "UnratedCaseAdmin",
]
