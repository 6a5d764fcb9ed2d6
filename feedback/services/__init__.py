"""Every write of the feedback app goes through these functions.

- comments: `impression_submit`, `review_submit`, `moderation_hide`,
  `moderation_restore`
- evaluations: `evaluation_submit`, `rectification_contact`,
  `rectification_complete`, `appeal_request`, `appeal_decide`
- rollups: `rollups_rebuild` (and the steps the services above add to the day
  roll-ups: `rating_counted`, `impression_counted`)
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

__all__ = [
    "appeal_decide",
    "appeal_request",
    "evaluation_submit",
    "impression_submit",
    "moderation_hide",
    "moderation_restore",
    "rectification_complete",
    "rectification_contact",
    "review_submit",
]
