"""The period filter shared by the rating and comment summaries."""

from datetime import datetime


def created_between(start: datetime | None, end: datetime | None) -> dict:
    """Filter kwargs for rows created in [start, end); an open side is unbounded.
    Half-open so that consecutive periods never count a row twice."""
    bounds = {}
    if start is not None:
        bounds["created_at__gte"] = start
    if end is not None:
        bounds["created_at__lt"] = end
    return bounds
