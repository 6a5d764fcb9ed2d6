"""Reads for 承办人 and 协办 (issue 18; owner: team).

- `assignable_staff`: whom a case of a department may be assigned to (the
  assign step's choices; `cases.services.case_assign` checks the same rule).
- `my_todo_cases`: the 我的待办 of the case list: assigned to the user, or
  unassigned in their departments.
- `co_handling_rows`: a case's co-handling departments for its page.
- `co_handling_figures`: per department, how many invitations it received, how
  many it answered, and how many on time, for the dashboard and the monthly
  report.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet

from cases.models import Case, CoHandling
from cases.workflow import IN_HAND
from departments import policy
from departments import selectors as department_selectors

# The values of the 我的待办 filter (cases/admin/filters_team.py).
MINE = "mine"
UNASSIGNED = "unassigned"


def assignable_staff(*, department) -> QuerySet:
    """The active officers and heads of `department` by their own grant, by name:
    the people a case of it may be assigned to. Supervisors are nobody's officers."""
    staff = department_selectors.department_staff(department=department)
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=staff["officer"].values("pk"))
            | Q(pk__in=staff["head"].values("pk")),
            is_active=True,
        )
        .order_by("last_name", "first_name", "username")
    )


def my_todo_cases(*, user, cases: QuerySet[Case], which: str) -> QuerySet[Case]:
    """`cases` narrowed to the user's 我的待办, cases still in hand (待受理, 已受理,
    待补充材料): MINE, assigned to the user; UNASSIGNED, assigned to nobody in
    the departments the user handles cases for (every department for
    supervisors). Any other `which`: `cases` as given."""
    in_hand = cases.filter(status__in=IN_HAND)
    if which == MINE:
        return in_hand.filter(assignee_id=user.pk)
    if which == UNASSIGNED:
        return policy.scope_for(user).filter(in_hand.filter(assignee=None))
    return cases


def co_handling_rows(*, case: Case) -> QuerySet[CoHandling]:
    """The case's co-handling departments in the order invited, with who invited
    and who answered (one query)."""
    return (
        CoHandling.objects.filter(case=case)
        .select_related("department", "invited_by", "answered_by")
        .order_by("invited_at", "id")
    )


def co_handling_figures(
    *, department_ids=None, since: datetime, until: datetime
) -> dict[int, dict[str, int]]:
    """Department id -> {"invited", "answered", "answered_on_time"} for the
    co-handling invitations a department received with `since <= invited_at <
    until`; `department_ids` None means every department. An invitation counts
    as answered whenever the answer came (even after `until`), and on time when
    it came by its `due_at`. Departments with no invitation are left out. One
    query.

    The 协办 figures of issue 18: a co-handling department is counted in its own
    figures, not the main department's.
    """
    rows = CoHandling.objects.filter(invited_at__gte=since, invited_at__lt=until)
    if department_ids is not None:
        rows = rows.filter(department_id__in=sorted(department_ids))
    answered = Q(answered_at__isnull=False)
    figures = (
        rows.values("department_id")
        .order_by("department_id")
        .annotate(
            invited=Count("pk"),
            answered=Count("pk", filter=answered),
            answered_on_time=Count(
                "pk", filter=answered & Q(answered_at__lte=F("due_at"))
            ),
        )
    )
    return {
        row["department_id"]: {
            "invited": row["invited"],
            "answered": row["answered"],
            "answered_on_time": row["answered_on_time"],
        }
        for row in figures
    }
