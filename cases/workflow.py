"""The case workflow: every status, every step staff take on a case, and who may.

One declarative table, in the spirit of Amsterdam Signalen's `workflow.py`. A step
is one entry: its name, label, the statuses it may start from, the status it moves
the case to (or `UNCHANGED`), who may take it, what it requires, and whether the
event it writes is public on the citizen's timeline. The services take each step
through `cases.services.transitions.step_take`, which checks the move and the
actor against this table and writes the `CaseEvent`; the admin offers a step
exactly when `is_offered` says so. No other code decides either.

Status groups have one name each. Code elsewhere imports them instead of
spelling statuses out.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseEvent, ExtensionRequest
from departments import policy

Status = Case.Status
Action = CaseEvent.Action

# --- Status groups -----------------------------------------------------------

ALL_STATUSES: tuple[str, ...] = tuple(Status.values)
# Waiting for its department: deadlines run, reminders go out, staff may transfer,
# send back, reject or ask for more time.
OPEN: tuple[str, ...] = (Status.SUBMITTED, Status.ACCEPTED)
# Not yet answered, counting a case returned to the supervisors for dispatch: the
# dashboard's 待办 backlog, and what a supervisor may press (督办).
BACKLOG: tuple[str, ...] = (*OPEN, Status.RETURNED)
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

MAX_EXTENSION_DAYS = 30


class Role(StrEnum):
    """Who may take a step, asked of `departments.policy` for the case's department."""

    HANDLER = "handler"  # an officer or head granted handle_cases on the department
    HEAD = "head"  # a head (部门负责人) of the department: approve_extensions
    SUPERVISOR = "supervisor"  # 督办人员 (and superusers, and the system itself)


# Asked in this order, cheapest first: a supervisor needs no look-up of grants.
_ROLE_TEST: dict[Role, Callable[[object, int | None], bool]] = {
    Role.SUPERVISOR: lambda user, department_id: policy.is_supervisor(user),
    Role.HANDLER: lambda user, department_id: policy.may_act_for(user, department_id),
    Role.HEAD: policy.is_head_of,
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

    def allows_from(self, status: str) -> bool:
        return status in self.from_statuses


def _has_pending_extension(case: Case) -> bool:
    return ExtensionRequest.objects.filter(
        case=case, decision=ExtensionRequest.Decision.PENDING
    ).exists()


def _no_pending_extension(case: Case) -> bool:
    return not _has_pending_extension(case)


def _valid_days(days) -> bool:
    return isinstance(days, int) and 1 <= days <= MAX_EXTENSION_DAYS


def _days_message() -> str:
    return gettext("延期天数应为 1 到 %(max)d 个工作日。") % {"max": MAX_EXTENSION_DAYS}


HANDLERS = frozenset({Role.HANDLER, Role.SUPERVISOR})
HEADS = frozenset({Role.HEAD, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR})
_TARGET = Requirement("to_department", _("目标部门不存在或已停用。"))

STEP_LIST: tuple[Step, ...] = (
    Step(
        "accept",
        _("受理"),
        from_statuses=(Status.SUBMITTED,),
        to_status=Status.ACCEPTED,
        who=HANDLERS,
        action=Action.ACCEPT,
        public=True,
        optional=("note",),
    ),
    Step(
        "reply",
        _("答复"),
        from_statuses=(Status.ACCEPTED,),
        to_status=Status.REPLIED,
        who=HANDLERS,
        action=Action.REPLY,
        public=True,
        requires=(Requirement("reply", _("请填写答复内容。")),),
        optional=("note",),
    ),
    Step(
        "close",
        _("办结"),
        from_statuses=(Status.REPLIED,),
        to_status=Status.CLOSED,
        who=HANDLERS,
        action=Action.CLOSE,
        public=True,
        optional=("note",),
    ),
    # Before or after accepting: the department finds it is not its business to
    # decide, or not a matter the portal takes. The reason is told to the citizen.
    Step(
        "reject",
        _("不予受理"),
        from_statuses=OPEN,
        to_status=Status.REJECTED,
        who=HANDLERS,
        action=Action.REJECT,
        public=True,
        requires=(Requirement("reason", _("请填写不予受理的理由。")),),
        optional=("note",),
    ),
    # The receiving department must accept the case anew, so it is submitted again.
    Step(
        "transfer",
        _("转办"),
        from_statuses=OPEN,
        to_status=Status.SUBMITTED,
        who=HANDLERS,
        action=Action.TRANSFER,
        public=True,
        requires=(_TARGET, Requirement("reason", _("请填写转办理由。"))),
        refusal=_("只有待受理或已受理的诉求可以转办。"),
    ),
    # Not this department's business, and it does not know whose: a supervisor
    # dispatches it. Internal, the citizen still sees the case as in progress.
    Step(
        "send_back",
        _("退回"),
        from_statuses=OPEN,
        to_status=Status.RETURNED,
        who=HANDLERS,
        action=Action.SEND_BACK,
        public=False,
        requires=(Requirement("reason", _("请填写退回理由。")),),
        refusal=_("只有待受理或已受理的诉求可以退回。"),
    ),
    Step(
        "extension_request",
        _("申请延期"),
        from_statuses=OPEN,
        to_status=UNCHANGED,
        who=HANDLERS,
        action=Action.EXTENSION_REQUEST,
        public=False,
        requires=(
            Requirement("reason", _("请填写延期理由。")),
            Requirement("days", lazy(_days_message, str)(), _valid_days),
        ),
        refusal=_("只有办理中的诉求可以申请延期。"),
        guard=Guard(_no_pending_extension, "days", _("该诉求已有待审批的延期申请。")),
    ),
    # From any status: a request may still be pending once the case is answered,
    # and its requester waits for the decision either way. An approval is public,
    # like the new due date it sets; a refusal is internal.
    Step(
        "extension_decide",
        _("审批延期"),
        from_statuses=ALL_STATUSES,
        to_status=UNCHANGED,
        who=HEADS,
        action=Action.EXTENSION_APPROVE,
        public=True,
        requires=(Requirement("approve", _("请选择是否批准。")),),
        optional=("comment",),
        guard=Guard(_has_pending_extension, "decision", _("该延期申请已经审批。")),
        refused=Outcome(Action.EXTENSION_REFUSE, public=False),
    ),
    # The new department accepts it as if newly submitted.
    Step(
        "dispatch",
        _("重新分派"),
        from_statuses=(Status.RETURNED,),
        to_status=Status.SUBMITTED,
        who=SUPERVISORS,
        action=Action.DISPATCH,
        public=True,
        requires=(_TARGET,),
        optional=("note",),
        refusal=_("只有已退回的诉求需要重新分派。"),
    ),
    Step(
        "supervise",
        _("督办"),
        from_statuses=BACKLOG,
        to_status=UNCHANGED,
        who=SUPERVISORS,
        action=Action.SUPERVISE,
        public=False,
        requires=(Requirement("note", _("请填写督办意见。")),),
        refusal=_("只有尚未答复的诉求可以督办。"),
    ),
    # The citizen must see why the answer was set aside, so the event is public.
    Step(
        "reopen",
        _("重新办理"),
        from_statuses=(Status.CLOSED,),
        to_status=Status.ACCEPTED,
        who=SUPERVISORS,
        action=Action.REOPEN,
        public=True,
        requires=(Requirement("note", _("请填写重新办理的原因。")),),
        refusal=_("只有已办结的诉求可以重新办理。"),
    ),
    Step(
        "note",
        _("内部备注"),
        from_statuses=ALL_STATUSES,
        to_status=UNCHANGED,
        who=HANDLERS,
        action=Action.NOTE,
        public=False,
        requires=(Requirement("note", _("请填写备注内容。")),),
    ),
)
STEPS: dict[str, Step] = {step.name: step for step in STEP_LIST}

_DENIED = {
    HANDLERS: _("您无权办理其他部门的诉求。"),
    HEADS: _("只有部门负责人或督办人员可以审批延期。"),
    SUPERVISORS: _("只有督办人员可以执行此操作。"),
}


def may_take(user, step: Step, case: Case) -> bool:
    """Whether `user` holds one of the step's roles for the case's department.
    `user=None` is the system itself, which acts as a supervisor."""
    return any(
        test(user, case.department_id)
        for role, test in _ROLE_TEST.items()
        if role in step.who
    )


def require_may_take(user, step: Step, case: Case) -> None:
    """`may_take`, raising PermissionDenied with the step's Chinese message."""
    if not may_take(user, step, case):
        raise PermissionDenied(str(_DENIED[step.who]))


def refusal_message(step: Step, status: str) -> str:
    """Why the step cannot be taken from `status`."""
    if step.refusal:
        return str(step.refusal)
    if step.moves:
        return gettext("当前状态为“%(from)s”，不能变更为“%(to)s”。") % {
            "from": Status(status).label,
            "to": Status(step.to_status).label,
        }
    return gettext("当前状态为“%(from)s”，不能%(step)s。") % {
        "from": Status(status).label,
        "step": step.label,
    }


def is_offered(user, step: Step, case: Case) -> bool:
    """Whether the admin offers the step: the status allows it, the user may take
    it and its guard holds. The service checks all three again under lock."""
    return (
        step.allows_from(case.status)
        and may_take(user, step, case)
        and (step.guard is None or step.guard.holds(case))
    )


def steps_offered(user, case: Case) -> list[Step]:
    """The steps `is_offered` allows, in the table's order."""
    return [step for step in STEP_LIST if is_offered(user, step, case)]


def step_for_status(to_status: str, names: tuple[str, ...]) -> Step | None:
    """The step among `names` that moves a case to `to_status`."""
    for name in names:
        if STEPS[name].to_status == to_status:
            return STEPS[name]
    return None
