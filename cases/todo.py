"""What waits for a staff user among the cases: the admin header's 待办 counts and
the daily digest's lists, both limited by `departments.policy.scope_for`.

- 待受理 (new): submitted, waiting to be accepted, in the user's case scope;
- 24小时内到期 (due_soon) and 已超期 (overdue): open cases, as `DeadlineFilter`;
- 待审批延期 (extensions): pending extension requests, in the scope of
  `approve_extensions` (heads and supervisors): only they can decide one;
- 分配给我 (assigned): cases still in hand (待受理, 已受理, 待补充材料) whose
  承办人 is the user (the list's 我的待办 filter, cases.selectors_team).
"""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from cases.models import Case, ExtensionRequest
from cases.workflow import IN_HAND, OPEN
from departments import policy

Status = Case.Status
KEYS = ("new", "due_soon", "overdue", "extensions", "assigned")


def _conditions(now: datetime, user) -> dict[str, Q]:
    pending = ExtensionRequest.objects.filter(
        case=OuterRef("pk"), decision=ExtensionRequest.Decision.PENDING
    )
    open_ = Q(status__in=OPEN)
    return {
        "new": Q(status=Status.SUBMITTED),
        "due_soon": open_ & Q(due_at__gte=now, due_at__lt=now + timedelta(hours=24)),
        "overdue": open_ & Q(due_at__lt=now),
        "extensions": Q(Exists(pending)),
        "assigned": Q(status__in=IN_HAND, assignee_id=user.pk),
    }


def _scoped(user) -> tuple[QuerySet[Case], Q]:
    """The user's cases, and the condition that limits extensions to the
    departments they may decide for."""
    cases = policy.scope_for(user).filter(Case.objects.all())
    deciding = policy.scope_for(user, "approve_extensions")
    extension_scope = (
        Q() if deciding.everything else Q(department_id__in=deciding.department_ids)
    )
    return cases, extension_scope


def todo_counts(*, user, now: datetime) -> dict[str, int]:
    """How many cases wait for `user` in each of KEYS, in two queries (plus the
    user's grants, read once per request by the policy): one aggregate over the
    cases in hand, which a partial index covers (a million answered cases are
    never read), and the pending extension requests, joined from their side."""
    cases, extension_scope = _scoped(user)
    conditions = _conditions(now, user)
    del conditions["extensions"]
    counts = cases.filter(status__in=IN_HAND).aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )
    # A request may still wait once its case is answered: not only cases in hand.
    pending = ExtensionRequest.objects.filter(
        decision=ExtensionRequest.Decision.PENDING
    ).values("case_id")
    counts["extensions"] = cases.filter(extension_scope, pk__in=pending).count()
    return {key: counts[key] for key in KEYS}


def todo_cases(*, user, now: datetime) -> dict[str, list[Case]]:
    """The cases behind each count of `todo_counts`, by due date, for the
    digest (one query per key)."""
    cases, extension_scope = _scoped(user)
    cases = cases.select_related("department").order_by("due_at", "id")
    conditions = _conditions(now, user)
    conditions["extensions"] &= extension_scope
    return {key: list(cases.filter(condition)) for key, condition in conditions.items()}
