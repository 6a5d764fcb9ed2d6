"""Reads of cases for citizens: the private look-up and the public letters list."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, QuerySet

from cases import codes
from cases.models import Case, CaseEvent

# Statuses in which a case still waits for its department (deadlines apply).
OPEN_STATUSES = [Case.Status.SUBMITTED, Case.Status.ACCEPTED]

# Compared against when a number does not exist, so that an unknown number costs
# the same time as a wrong code and the two cannot be told apart.
_DUMMY_HASH = "0" * 64


def case_lookup(*, number: str, query_code: str) -> Case | None:
    """The case if the number exists and the code is right, else None (either way).

    Loads what the citizen's progress page shows: department, service type, public
    timeline and photos, in four queries.
    """
    case = (
        Case.objects.select_related("department", "service_type")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.filter(is_public=True)),
            "attachments",
        )
        .filter(number=number.strip().upper())
        .first()
    )
    code_hash = case.query_code_hash if case else _DUMMY_HASH
    matched = codes.query_code_matches(
        number=number.strip().upper(), code=query_code, code_hash=code_hash
    )
    return case if case and matched else None


def public_case_list(
    *, kind: str | None = None, department_id: int | None = None
) -> QuerySet[Case]:
    """Answered cases whose citizens agreed to publication, newest answers first."""
    cases = Case.objects.filter(
        publish_consent=True, status__in=[Case.Status.REPLIED, Case.Status.CLOSED]
    )
    if kind:
        cases = cases.filter(kind=kind)
    if department_id is not None:
        cases = cases.filter(department_id=department_id)
    return cases.select_related("department", "service_type").order_by(
        "-replied_at", "-id"
    )


def deadline_state(*, case: Case, now: datetime) -> str:
    """'overdue', 'due_soon' (within 24 hours) or '' for a case still waiting."""
    if case.status not in OPEN_STATUSES:
        return ""
    if case.due_at < now:
        return "overdue"
    if case.due_at < now + timedelta(hours=24):
        return "due_soon"
    return ""


def cases_for_staff(*, user) -> QuerySet[Case]:
    """Every case the user may see in the back office and the staff API: their
    departments' cases, or all cases for supervisors."""
    from departments import selectors as department_selectors

    cases = Case.objects.select_related("department", "service_type")
    if department_selectors.can_supervise(user=user):
        return cases
    return cases.filter(
        department_id__in=department_selectors.department_ids_for_user(user=user)
    )


def deadline_cases(*, now: datetime) -> dict[str, QuerySet[Case]]:
    """Open cases past their due date, and those due within 24 hours."""
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES).select_related(
        "department"
    )
    return {
        "overdue": open_cases.filter(due_at__lt=now).order_by("due_at"),
        "due_soon": open_cases.filter(
            due_at__gte=now, due_at__lt=now + timedelta(hours=24)
        ).order_by("due_at"),
    }
