"""Every write of the feedback app goes through these functions.

- comments: `impression_submit`, `review_submit`, `moderation_hide`,
  `moderation_restore`
- evaluations: `evaluation_submit`, `rectification_contact`,
  `rectification_complete`, `appeal_request`, `appeal_decide`
- rollups: `rollups_rebuild` (and the steps the services above add to the day
  roll-ups: `rating_counted`, `impression_counted`; another app's ratings through
  `rating_source_add` and `visit_rating_counted`)
"""

from feedback.services.comments import (
    impression_submit,
    moderation_hide,
    moderation_restore,
    review_submit,
)
from feedback.services.evaluations import (
    appeal_decide,
    appeal_request,
    evaluation_submit,
    rectification_complete,
    rectification_contact,
)
from feedback.services.rollups import rating_source_add, visit_rating_counted

__all__ = [
    "appeal_decide",
    "appeal_request",
    "evaluation_submit",
    "impression_submit",
    "moderation_hide",
    "moderation_restore",
    "rating_source_add",
    "rectification_complete",
    "rectification_contact",
    "review_submit",
    "visit_rating_counted",
]
