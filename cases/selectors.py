"""Reads of cases for citizens: the private look-up and the public letters list."""

from django.db.models import Prefetch, QuerySet

from cases import codes
from cases.models import Case, CaseEvent

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
