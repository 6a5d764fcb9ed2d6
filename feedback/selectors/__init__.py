"""Reads of the feedback app, re-exported so that `feedback.selectors.X` works.

- comments: `find_sensitive_word`, `active_impression_tags`,
  `department_impression_summaries`, `impression_averages_raw`,
  `leader_review_summaries`, `get_reviewable_leader`, `published_leader_reviews`
- evaluations: `satisfaction_rates_raw`, `case_satisfaction_labels`,
  `case_evaluations_by_round`, `unrated_answered_cases`, `rectification_state`,
  `overdue_q`, `overdue_rectifications`, `rectification_counts`,
  `rectifications_awaiting_contact`
- rollups: `satisfaction_rates`, `impression_averages` (from the day roll-ups;
  the `_raw` ones count the raw rows, for any bounds)
"""

from feedback.selectors.comments import (
    RECENT_COMMENT_DAYS,
    RECENT_COMMENTS,
    TOP_TAGS,
    active_impression_tags,
    department_impression_summaries,
    get_reviewable_leader,
    impression_averages_raw,
    leader_review_summaries,
    published_leader_reviews,
)
from feedback.selectors.evaluations import (
    case_evaluations_by_round,
    case_satisfaction_labels,
    overdue_q,
    overdue_rectifications,
    rectification_counts,
    rectification_state,
    rectifications_awaiting_contact,
    satisfaction_rates_raw,
    unrated_answered_cases,
)
from feedback.selectors.rollups import impression_averages, satisfaction_rates
from feedback.selectors.sensitive import find_sensitive_word

__all__ = [
    "RECENT_COMMENTS",
    "RECENT_COMMENT_DAYS",
    "TOP_TAGS",
    "active_impression_tags",
    "case_evaluations_by_round",
    "case_satisfaction_labels",
    "department_impression_summaries",
    "find_sensitive_word",
    "get_reviewable_leader",
    "impression_averages",
    "impression_averages_raw",
    "leader_review_summaries",
    "overdue_q",
    "overdue_rectifications",
    "published_leader_reviews",
    "rectification_counts",
    "rectification_state",
    "rectifications_awaiting_contact",
    "satisfaction_rates",
    "satisfaction_rates_raw",
    "unrated_answered_cases",
]
