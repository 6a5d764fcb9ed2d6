"""Satisfaction, impressions and rectifications, read through `feedback.selectors`.

The dashboard must keep working while the feedback app is missing or older than
this code: every read here answers None then, and the page shows "—".
"""

import logging
from collections.abc import Collection
from datetime import datetime

from django.apps import apps

logger = logging.getLogger(__name__)


def _feedback_selectors():
    if not apps.is_installed("feedback"):
        return None
    try:
        from feedback import selectors
    except ImportError:  # pragma: no cover - the app is installed but half-written
        logger.warning("feedback.selectors cannot be imported; no satisfaction data")
        return None
    return selectors


def satisfaction_by_department(
    *, department_ids: Collection[int], start: datetime, end: datetime
) -> dict | None:
    """{department id: {"rated", "satisfied", "rate"}} over the ratings given in
    [start, end) (void ones excluded), or None without the feedback app."""
    selectors = _feedback_selectors()
    if selectors is None or not hasattr(selectors, "satisfaction_rates"):
        return None
    return selectors.satisfaction_rates(
        department_ids=sorted(department_ids), start=start, end=end
    )


def impressions_by_department(
    *, department_ids: Collection[int], start: datetime, end: datetime
) -> dict | None:
    """{department id: {"average", "count"}} of the impression scores citizens
    gave in [start, end), or None without the feedback app."""
    selectors = _feedback_selectors()
    if selectors is None or not hasattr(selectors, "impression_averages"):
        return None
    return selectors.impression_averages(
        department_ids=sorted(department_ids), start=start, end=end
    )


def rectifications_by_department(
    *, department_ids: Collection[int] | None, now: datetime
) -> dict | None:
    """{department id: {"open", "overdue"}} of 差评整改 not yet completed, and of
    those past their 回访 or 整改 deadline (departments without an open one left
    out); None without the feedback app. `department_ids` None: all."""
    selectors = _feedback_selectors()
    if selectors is None or not hasattr(selectors, "rectification_counts"):
        return None
    return selectors.rectification_counts(
        department_ids=None if department_ids is None else sorted(department_ids),
        now=now,
    )
