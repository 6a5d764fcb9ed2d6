"""The parts the workflow table (cases/workflow_table.py) is made of: status
groups, roles and how each is asked of `departments.policy`, and the shapes of a
step (`Step`, `Requirement`, `Guard`, `Outcome`) with the guards the table names.
Import them from `cases.workflow`, which puts the table together."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext

from cases.models import Case, CaseCallback, CaseEvent, CoHandling, ExtensionRequest
from departments import policy

Status = Case.Status
Action = CaseEvent.Action

# --- Status groups -----------------------------------------------------------

ALL_STATUSES: tuple[str, ...] = tuple(Status.values)
# Waiting for its department: deadlines run, reminders go out, staff may transfer,
# send back, reject or ask for more time.
OPEN: tuple[str, ...] = (Status.SUBMITTED, Status.ACCEPTED)
# The department's, its clock running or paused (待补充材料): it may be assigned,
# merged, marked urgent.
IN_HAND: tuple[str, ...] = (*OPEN, Status.WAITING)
# Waiting for a dispatcher (分拨员): the city's queue and the 退单 to review.
AT_DISPATCH: tuple[str, ...] = (Status.DISPATCHING, Status.RETURNED)
# Not yet answered, wherever it waits: the dashboard's 待办 backlog, and what a
# supervisor may press (督办).
BACKLOG: tuple[str, ...] = (*IN_HAND, *AT_DISPATCH)
# Ended as a case of its own: merged into a main case, or split into children.
# Neither is answered, counted nor rated by itself.
FOLLOWING: tuple[str, ...] = (Status.MERGED, Status.SPLIT)
# Has an answer the citizen can read, so may be rated (好差评) and published
# (公开信件). A refusal (不予受理) is not an answer to rate.
ANSWERED_FOR_RATING: tuple[str, ...] = (Status.REPLIED, Status.CLOSED)
# Counted as answered by the dashboard and 数据公开: a refusal also ends the
# department's work on time or late, so it counts towards the on-time rate.
# It differs from ANSWERED_FOR_RATING on purpose: statistics measure the
# department's speed, ratings the citizen's view of an answer.
ANSWERED_FOR_STATISTICS: tuple[str, ...] = (*ANSWERED_FOR_RATING, Status.REJECTED)

# A step that leaves the status as it is (notes, extensions, supervision).
UNCHANGED = ""
# A step that puts back `Case.status_before` (a refused 退单, an undone merge).
PREVIOUS = "previous"

MAX_EXTENSION_DAYS = 30


class Role(StrEnum):
    """Who may take a step, asked of `departments.policy` for the case's department."""

    HANDLER = "handler"  # an officer or head granted handle_cases on the department
    HEAD = "head"  # a head (部门负责人) of the department: approve_extensions
    SUPERVISOR = "supervisor"  # 督办人员 (and superusers, and the system itself)
    DISPATCHER = "dispatcher"  # 分拨员: places cases, answers none
    # Staff of a department invited to co-handle (协办) and not yet heard from.
    CO_HANDLER = "co_handler"
    # Only the system: the citizen through the look-up (who proved the query code
    # or signed in), the periodic jobs, a merged case following its main one.
    SYSTEM = "system"


def _is_co_handler(user, case: Case) -> bool:
    if user is None:
        return False
    waiting = CoHandling.objects.filter(case=case, answered_at=None).values_list(
        "department_id", flat=True
    )
    return any(policy.is_staff_of(user, department_id) for department_id in waiting)


# Asked in this order, cheapest first: a supervisor needs no look-up of grants.
ROLE_TEST: dict[Role, Callable[[object, Case], bool]] = {
    Role.SYSTEM: lambda user, case: user is None,
    Role.SUPERVISOR: lambda user, case: policy.is_supervisor(user),
    Role.DISPATCHER: lambda user, case: policy.is_dispatcher(user),
    Role.HANDLER: lambda user, case: policy.may_act_for(user, case.department_id),
    Role.HEAD: lambda user, case: policy.is_head_of(user, case.department_id),
    Role.CO_HANDLER: _is_co_handler,
}


def _filled(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


@dataclass(frozen=True)
class Requirement:
    """An input a step cannot be taken without, and the message when it is missing
    or invalid (raised as a ValidationError on `field`)."""

    field: str
    message: str
    valid: Callable[[object], bool] = _filled


@dataclass(frozen=True)
class Outcome:
    """The event a decision step writes when the decision goes the other way."""

    action: str
    public: bool


@dataclass(frozen=True)
class Guard:
    """A condition on the case beyond its status, checked under the case's lock:
    `holds(case)` must be true, else ValidationError(message) on `field`."""

    holds: Callable[[Case], bool]
    field: str
    message: str


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    from_statuses: tuple[str, ...]
    to_status: str  # a Status, or UNCHANGED
    who: frozenset[Role]
    action: str  # the CaseEvent action it writes
    public: bool  # whether that event shows on the citizen's timeline
    requires: tuple[Requirement, ...] = ()
    optional: tuple[str, ...] = ()  # inputs it accepts but does not need
    # The refusal from another status; empty: "当前状态为X，不能变更为Y" (or, for a
    # step that keeps the status, "当前状态为X，不能Y" with the step's label).
    refusal: str = ""
    guard: Guard | None = None
    refused: Outcome | None = None  # a decision step's "no" writes this instead

    @property
    def moves(self) -> bool:
        return self.to_status != UNCHANGED

    @property
    def staff_take_it(self) -> bool:
        """Whether staff take it from the case page (else only the system does)."""
        return self.who != SYSTEM_ONLY

    def allows_from(self, status: str) -> bool:
        return status in self.from_statuses


def has_pending_extension(case: Case) -> bool:
    return ExtensionRequest.objects.filter(
        case=case, decision=ExtensionRequest.Decision.PENDING
    ).exists()


def no_pending_extension(case: Case) -> bool:
    return not has_pending_extension(case)


def valid_days(days) -> bool:
    return isinstance(days, int) and 1 <= days <= MAX_EXTENSION_DAYS


def days_message() -> str:
    return gettext("延期天数应为 1 到 %(max)d 个工作日。") % {"max": MAX_EXTENSION_DAYS}


def awaits_signing(case: Case) -> bool:
    return case.sign_due_at is not None and case.signed_at is None


def signed_or_unneeded(case: Case) -> bool:
    return not awaits_signing(case)


def not_urgent(case: Case) -> bool:
    return not case.is_urgent


def not_called_back(case: Case) -> bool:
    return not CaseCallback.objects.filter(case=case, round=case.redo_count).exists()


def non_empty_list(value) -> bool:
    return isinstance(value, list | tuple) and len(value) > 0


def callback_result(value) -> bool:
    return value in CaseCallback.Result.values


HANDLERS = frozenset({Role.HANDLER, Role.SUPERVISOR})
HEADS = frozenset({Role.HEAD, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR})
DISPATCHERS = frozenset({Role.DISPATCHER, Role.SUPERVISOR})
PLACERS = frozenset({Role.HANDLER, Role.DISPATCHER, Role.SUPERVISOR})
CO_HANDLERS = frozenset({Role.CO_HANDLER})
SYSTEM_ONLY = frozenset({Role.SYSTEM})
