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

The table itself is `cases/workflow_table.py`, its parts (groups, roles, the
shapes of a step) `cases/workflow_parts.py`; both are read through this module.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.workflow_parts import (  # noqa: F401 (the workflow's public names)
    ALL_STATUSES,
    ANSWERED_FOR_RATING,
    ANSWERED_FOR_STATISTICS,
    AT_DISPATCH,
    BACKLOG,
    CO_HANDLERS,
    DISPATCHERS,
    FOLLOWING,
    HANDLERS,
    HEADS,
    IN_HAND,
    MAX_EXTENSION_DAYS,
    OPEN,
    PLACERS,
    PREVIOUS,
    ROLE_TEST,
    SUPERVISORS,
    SYSTEM_ONLY,
    UNCHANGED,
    Action,
    Guard,
    Outcome,
    Requirement,
    Role,
    Status,
    Step,
)
from cases.workflow_table import STEP_LIST

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
    return any(test(user, case) for role, test in ROLE_TEST.items() if role in step.who)


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
