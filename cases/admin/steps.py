"""The steps staff can take on a case from its admin page.

Each step names its form, when it is offered, and the service it calls; the admin
view only validates the form and calls `perform`. Whether a step is offered is a
convenience: the services check status and permission again.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases import selectors, services
from cases.admin import forms
from cases.models import Case
from departments import selectors as department_selectors

Status = Case.Status
OPEN = {Status.SUBMITTED, Status.ACCEPTED}


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form_class: type
    offered: Callable[[Case, object], bool]
    perform: Callable[[Case, object, dict], object]
    needs_case: bool = False  # the form takes the case (choices depend on it)
    style: str = ""
    # Asked in a dialog before the form is sent: steps that hand the case away or
    # end it. "{field}" is replaced by the chosen value of that field.
    confirm: str = ""
    # The success message, from what `perform` returned; "已完成：<label>" if None.
    done_message: Callable[[object], str] | None = None


def _handler(case, user):
    return department_selectors.can_supervise(user=user) or (
        case.department_id in department_selectors.department_ids_for_user(user=user)
    )


def _supervisor(case, user):
    return department_selectors.can_supervise(user=user)


def _pending_extension(case):
    return selectors.pending_extension(case=case)


def _approver(case, user):
    return _pending_extension(case) is not None and (
        department_selectors.can_supervise(user=user)
        or case.department_id
        in department_selectors.department_ids_for_user(
            user=user, permission="approve_extensions"
        )
    )


def _transition(to_status):
    def perform(case, user, data):
        return services.case_transition(
            case=case,
            to_status=to_status,
            actor=user,
            note=data.get("note", ""),
            reply=data.get("reply", ""),
            reason=data.get("reason", ""),
        )

    return perform


STEPS = {
    step.name: step
    for step in [
        Step(
            "accept",
            _("受理"),
            forms.NoteForm,
            lambda c, u: c.status == Status.SUBMITTED and _handler(c, u),
            _transition(Status.ACCEPTED),
            style="default",
        ),
        Step(
            "reply",
            _("答复"),
            forms.ReplyForm,
            lambda c, u: c.status == Status.ACCEPTED and _handler(c, u),
            _transition(Status.REPLIED),
            needs_case=True,
            style="default",
        ),
        Step(
            "close",
            _("办结"),
            forms.NoteForm,
            lambda c, u: c.status == Status.REPLIED and _handler(c, u),
            _transition(Status.CLOSED),
        ),
        Step(
            "transfer",
            _("转办"),
            forms.TransferForm,
            lambda c, u: c.status in OPEN and _handler(c, u),
            lambda c, u, d: services.case_transfer(
                case=c,
                to_department_id=d["to_department"].pk,
                actor=u,
                reason=d["reason"],
            ),
            needs_case=True,
            confirm=_(
                "确认将本诉求转办至“{to_department}”？转办后本部门将不能再查看和办理本诉求。"
            ),
            done_message=lambda case: (
                _("已转办至 %(department)s") % {"department": case.department.name}
            ),
        ),
        Step(
            "send_back",
            _("退回"),
            forms.ReasonForm,
            lambda c, u: c.status in OPEN and _handler(c, u),
            lambda c, u, d: services.case_send_back(
                case=c, actor=u, reason=d["reason"]
            ),
            confirm=_("确认退回本诉求？退回后由督办人员重新分派承办部门。"),
        ),
        Step(
            "reject",
            _("不予受理"),
            forms.ReasonForm,
            lambda c, u: c.status in OPEN and _handler(c, u),
            _transition(Status.REJECTED),
            confirm=_("确认不予受理本诉求？理由将告知市民，诉求随即结束。"),
        ),
        Step(
            "extension_request",
            _("申请延期"),
            forms.ExtensionRequestForm,
            lambda c, u: (
                c.status in OPEN and _handler(c, u) and not _pending_extension(c)
            ),
            lambda c, u, d: services.extension_request(
                case=c, actor=u, days=d["days"], reason=d["reason"]
            ),
        ),
        Step(
            "extension_decide",
            _("审批延期"),
            forms.ExtensionDecisionForm,
            _approver,
            lambda c, u, d: services.extension_decide(
                request=_pending_extension(c),
                actor=u,
                approve=d["approve"],
                comment=d["comment"],
            ),
            needs_case=True,
        ),
        Step(
            "dispatch",
            _("重新分派"),
            forms.DispatchForm,
            lambda c, u: c.status == Status.RETURNED and _supervisor(c, u),
            lambda c, u, d: services.case_dispatch(
                case=c, to_department_id=d["to_department"].pk, actor=u, note=d["note"]
            ),
            needs_case=True,
        ),
        Step(
            "supervise",
            _("督办"),
            forms.RequiredNoteForm,
            lambda c, u: c.status in {*OPEN, Status.RETURNED} and _supervisor(c, u),
            lambda c, u, d: services.case_supervise(case=c, actor=u, note=d["note"]),
        ),
        Step(
            "reopen",
            _("重新办理"),
            forms.RequiredNoteForm,
            lambda c, u: c.status == Status.CLOSED and _supervisor(c, u),
            lambda c, u, d: services.case_reopen(case=c, actor=u, note=d["note"]),
        ),
        Step(
            "note",
            _("内部备注"),
            forms.RequiredNoteForm,
            _handler,
            lambda c, u, d: services.case_add_note(case=c, actor=u, note=d["note"]),
        ),
    ]
}


def make_form(step: Step, case: Case, data=None):
    kwargs = {"case": case} if step.needs_case else {}
    return step.form_class(data, prefix=step.name, **kwargs)


def offered_steps(case: Case, user) -> list[Step]:
    return [step for step in STEPS.values() if step.offered(case, user)]
