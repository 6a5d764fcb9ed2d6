"""Links from dashboard numbers to the rows behind them.

Case links use only the case changelist's own filters (kind__exact, status__exact,
status__in, department__id__exact, service_type__id__exact, deadline=overdue|
due_soon, submitted_at__gte/__lt), so the list shows exactly the cases counted,
within the user's scope. Dates go in the form Django's own date filter writes
("2026-11-01 00:00:00+08:00"): a bare date would be read as a naive datetime.
"""

from datetime import date, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from portal.dashboard.timing import day_start


def submitted_between(first: date, last: date) -> dict[str, str]:
    """Filters for cases submitted on the days first..last (inclusive)."""
    return days_between("submitted_at", first, last)


def days_between(field: str, first: date, last: date) -> dict[str, str]:
    """Filters for rows whose datetime `field` falls on the days first..last."""
    return {
        f"{field}__gte": str(day_start(first)),
        f"{field}__lt": str(day_start(last + timedelta(days=1))),
    }


def case_list_url(*, department_id: int | None = None, **filters) -> str:
    """The case changelist filtered by `filters` (and a department when given)."""
    params = dict(filters)
    if department_id is not None:
        params["department__id__exact"] = department_id
    url = reverse("admin:cases_case_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def admin_list_url(model: str, **filters) -> str | None:
    """Another app's changelist ("feedback_caseevaluation"), or None while that
    admin page does not exist (the feedback back office may not be there yet)."""
    try:
        url = reverse(f"admin:{model}_changelist")
    except NoReverseMatch:
        return None
    params = {key: value for key, value in filters.items() if value is not None}
    return f"{url}?{urlencode(params)}" if params else url
