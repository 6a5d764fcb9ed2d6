"""Reads of the escalation ladder (催办, 督办, 通报; cases/escalation.py): the 通报
list supervisors and departments see, and the counts the monthly assessment
report (月度考核通报) prints. (issue 18; owner: callback)

A rung counts for the department the case is with when it is read: a case
transferred after its 通报 takes its rungs along, as its other figures do.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from cases import selectors
from cases.models import Escalation

Rung = Escalation.Rung


def escalations_for_staff(*, user) -> QuerySet[Escalation]:
    """The rungs taken on the cases `user` may see (`selectors.cases_for_staff`:
    every case for supervisors and dispatchers, else their departments' and
    those they co-handle), newest first, with the case and its department."""
    cases = selectors.cases_for_staff(user=user)
    return (
        Escalation.objects.filter(case__in=cases.order_by().values("pk"))
        .select_related("case", "case__department")
        .order_by("-created_at", "-id")
    )


def escalation_counts(
    *,
    department_ids: Iterable[int] | None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[int, dict[str, int]]:
    """Per department: how many 催办 ("urge"), 督办 ("supervise") and 通报
    ("report") its cases received in [since, until) (either may be None), by
    hand or by the ladder, in one query. Every requested department appears,
    with zeros; `department_ids=None`: every department with a rung."""
    rows = Escalation.objects.all()
    counts: dict[int, dict[str, int]] = {}
    if department_ids is not None:
        ids = sorted(set(department_ids))
        counts = {pk: dict.fromkeys(Rung.values, 0) for pk in ids}
        if not ids:
            return counts
        rows = rows.filter(case__department_id__in=ids)
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    grouped = (
        rows.values("case__department_id")
        .annotate(**{rung: Count("id", filter=Q(rung=rung)) for rung in Rung.values})
        .order_by()
    )
    for row in grouped:
        counts[row["case__department_id"]] = {rung: row[rung] for rung in Rung.values}
    return counts
