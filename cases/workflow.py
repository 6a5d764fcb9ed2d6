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
_ROLE_TEST: dict[Role, Callable[[object, Case], bool]] = {
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


def _awaits_signing(case: Case) -> bool:
    return case.sign_due_at is not None and case.signed_at is None


def _signed_or_unneeded(case: Case) -> bool:
    return not _awaits_signing(case)


def _not_urgent(case: Case) -> bool:
    return not case.is_urgent


def _not_called_back(case: Case) -> bool:
    return not CaseCallback.objects.filter(case=case, round=case.redo_count).exists()


def _non_empty_list(value) -> bool:
    return isinstance(value, list | tuple) and len(value) > 0


def _callback_result(value) -> bool:
    return value in CaseCallback.Result.values


HANDLERS = frozenset({Role.HANDLER, Role.SUPERVISOR})
HEADS = frozenset({Role.HEAD, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR})
DISPATCHERS = frozenset({Role.DISPATCHER, Role.SUPERVISOR})
PLACERS = frozenset({Role.HANDLER, Role.DISPATCHER, Role.SUPERVISOR})
CO_HANDLERS = frozenset({Role.CO_HANDLER})
SYSTEM_ONLY = frozenset({Role.SYSTEM})
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
        guard=Guard(_signed_or_unneeded, "status", _("请先签收本诉求，再受理。")),
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
        requires=(
            Requirement("reason", _("请填写退回理由。")),
            Requirement("basis", _("请填写退单依据，如部门职责清单的条目。")),
        ),
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
    # From the city's queue, or accepting a 退单: the department must sign for it
    # and accept it as if newly submitted.
    Step(
        "dispatch",
        _("分派"),
        from_statuses=AT_DISPATCH,
        to_status=Status.SUBMITTED,
        who=DISPATCHERS,
        action=Action.DISPATCH,
        public=True,
        requires=(_TARGET,),
        optional=("note",),
        refusal=_("只有待分拨或已退回的诉求可以分派。"),
    ),
    # The return was not justified: back to the department, its clock still running.
    Step(
        "return_refuse",
        _("驳回退单"),
        from_statuses=(Status.RETURNED,),
        to_status=PREVIOUS,
        who=DISPATCHERS,
        action=Action.RETURN_REFUSE,
        public=False,
        requires=(Requirement("reason", _("请填写驳回退单的理由。")),),
        refusal=_("只有已退回的诉求可以驳回退单。"),
    ),
    Step(
        "sign",
        _("签收"),
        from_statuses=(Status.SUBMITTED,),
        to_status=UNCHANGED,
        who=HANDLERS,
        action=Action.SIGN,
        public=False,
        optional=("note",),
        refusal=_("只有待受理的诉求需要签收。"),
        guard=Guard(_awaits_signing, "status", _("该诉求无需签收或已经签收。")),
    ),
    # Also a reassignment (改派): the event names the officer either way.
    Step(
        "assign",
        _("指定承办人"),
        from_statuses=IN_HAND,
        to_status=UNCHANGED,
        who=HANDLERS,
        action=Action.ASSIGN,
        public=False,
        requires=(Requirement("assignee", _("请选择本部门的承办人。")),),
        optional=("note",),
        refusal=_("只有办理中的诉求可以指定承办人。"),
    ),
    Step(
        "urgent",
        _("标记紧急"),
        from_statuses=(*IN_HAND, *AT_DISPATCH),
        to_status=UNCHANGED,
        who=PLACERS,
        action=Action.URGENT,
        public=False,
        requires=(Requirement("reason", _("请填写标记紧急的原因。")),),
        refusal=_("只有尚未答复的诉求可以标记紧急。"),
        guard=Guard(_not_urgent, "reason", _("该诉求已是紧急件。")),
    ),
    Step(
        "co_handle_invite",
        _("发起协办"),
        from_statuses=(Status.ACCEPTED, Status.WAITING),
        to_status=UNCHANGED,
        who=HANDLERS,
        action=Action.CO_HANDLE_INVITE,
        public=False,
        requires=(Requirement("departments", _("请选择协办部门。"), _non_empty_list),),
        optional=("note",),
        refusal=_("只有已受理的诉求可以发起协办。"),
    ),
    Step(
        "co_handle_opinion",
        _("提交协办意见"),
        from_statuses=(Status.ACCEPTED, Status.WAITING),
        to_status=UNCHANGED,
        who=CO_HANDLERS,
        action=Action.CO_HANDLE_OPINION,
        public=False,
        requires=(Requirement("opinion", _("请填写协办意见。")),),
        refusal=_("该诉求已答复，不能再提交协办意见。"),
    ),
    # 挂起: the clock stops until the citizen answers or INFO_WAIT_DAYS pass.
    Step(
        "info_request",
        _("请市民补充材料"),
        from_statuses=(Status.ACCEPTED,),
        to_status=Status.WAITING,
        who=HANDLERS,
        action=Action.INFO_REQUEST,
        public=True,
        requires=(Requirement("question", _("请写明需要市民补充的材料。")),),
        refusal=_("只有已受理的诉求可以请市民补充材料。"),
    ),
    Step(
        "info_supply",
        _("市民补充材料"),
        from_statuses=(Status.WAITING,),
        to_status=Status.ACCEPTED,
        who=SYSTEM_ONLY,
        action=Action.INFO_SUPPLY,
        public=True,
        requires=(Requirement("content", _("请填写补充内容。")),),
        refusal=_("该诉求当前不需要补充材料。"),
    ),
    # Staff resume (the citizen answered by phone), or the job after INFO_WAIT_DAYS.
    Step(
        "resume",
        _("恢复办理"),
        from_statuses=(Status.WAITING,),
        to_status=Status.ACCEPTED,
        who=HANDLERS,
        action=Action.RESUME,
        public=True,
        optional=("note",),
        refusal=_("只有待补充材料的诉求可以恢复办理。"),
    ),
    Step(
        "merge",
        _("并单"),
        from_statuses=IN_HAND,
        to_status=Status.MERGED,
        who=HANDLERS,
        action=Action.MERGE,
        public=True,
        requires=(Requirement("main_case", _("请填写主件的登记编号。")),),
        optional=("note",),
        refusal=_("只有尚未答复的诉求可以并单。"),
    ),
    Step(
        "unmerge",
        _("撤销并单"),
        from_statuses=(Status.MERGED,),
        to_status=PREVIOUS,
        who=HANDLERS,
        action=Action.UNMERGE,
        public=True,
        requires=(Requirement("reason", _("请填写撤销并单的原因。")),),
        refusal=_("只有已并单的诉求可以撤销并单。"),
    ),
    # A merged case gets its main case's answer, and may then be rated and closed.
    Step(
        "merged_reply",
        _("随主件答复"),
        from_statuses=(Status.MERGED,),
        to_status=Status.REPLIED,
        who=SYSTEM_ONLY,
        action=Action.MERGED_REPLY,
        public=True,
    ),
    Step(
        "split",
        _("拆分"),
        from_statuses=OPEN,
        to_status=Status.SPLIT,
        who=HANDLERS,
        action=Action.SPLIT,
        public=True,
        requires=(
            Requirement(
                "children", _("请至少填写一件拆分后的诉求内容。"), _non_empty_list
            ),
        ),
        refusal=_("只有待受理或已受理的诉求可以拆分。"),
    ),
    Step(
        "callback",
        _("回访"),
        from_statuses=(Status.CLOSED,),
        to_status=UNCHANGED,
        who=HANDLERS,
        action=Action.CALLBACK,
        public=False,
        requires=(Requirement("result", _("请选择回访结果。"), _callback_result),),
        optional=("note",),
        refusal=_("只有已办结的诉求可以回访。"),
        guard=Guard(_not_called_back, "result", _("本次答复已经回访。")),
    ),
    # After a 不满意 callback: handled again with a new due date (重办).
    Step(
        "redo",
        _("重办"),
        from_statuses=(Status.CLOSED,),
        to_status=Status.ACCEPTED,
        who=HANDLERS,
        action=Action.REDO,
        public=True,
        requires=(Requirement("note", _("请填写重办原因。")),),
        refusal=_("只有已办结的诉求可以重办。"),
    ),
    # The escalation ladder's rungs (cases.escalation); supervisors may take them
    # by hand too.
    Step(
        "urge",
        _("催办"),
        from_statuses=BACKLOG,
        to_status=UNCHANGED,
        who=SUPERVISORS,
        action=Action.URGE,
        public=False,
        requires=(Requirement("note", _("请填写催办内容。")),),
        refusal=_("只有尚未答复的诉求可以催办。"),
    ),
    Step(
        "report",
        _("通报"),
        from_statuses=BACKLOG,
        to_status=UNCHANGED,
        who=SUPERVISORS,
        action=Action.REPORT,
        public=False,
        requires=(Requirement("note", _("请填写通报内容。")),),
        refusal=_("只有尚未答复的诉求可以通报。"),
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
    DISPATCHERS: _("只有分拨员或督办人员可以执行此操作。"),
    PLACERS: _("您无权办理其他部门的诉求。"),
    CO_HANDLERS: _("只有受邀协办且尚未提交意见的部门可以提交协办意见。"),
    SYSTEM_ONLY: _("该操作由系统或市民本人完成。"),
}


def may_take(user, step: Step, case: Case) -> bool:
    """Whether `user` holds one of the step's roles for the case (its department,
    or a department invited to co-handle it). `user=None` is the system itself,
    which acts as a supervisor."""
    return any(
        test(user, case) for role, test in _ROLE_TEST.items() if role in step.who
    )


def require_may_take(user, step: Step, case: Case) -> None:
    """`may_take`, raising PermissionDenied with the step's Chinese message."""
    if not may_take(user, step, case):
        raise PermissionDenied(str(_DENIED[step.who]))


def refusal_message(step: Step, status: str) -> str:
    """Why the step cannot be taken from `status`."""
    if step.refusal:
        return str(step.refusal)
    if step.moves and step.to_status != PREVIOUS:
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
    """The steps staff take that `is_offered` allows, in the table's order."""
    return [
        step
        for step in STEP_LIST
        if step.staff_take_it and is_offered(user, step, case)
    ]


def step_for_status(to_status: str, names: tuple[str, ...]) -> Step | None:
    """The step among `names` that moves a case to `to_status`."""
    for name in names:
        if STEPS[name].to_status == to_status:
            return STEPS[name]
    return None
