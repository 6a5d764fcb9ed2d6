"""The steps staff take on a case from its admin page, made from the workflow table.

What a step is called and when it is offered (`cases.workflow.is_offered`: the
status, who may take it, its guard) come from `cases.workflow`; this module adds
only what the page needs, keyed by step name: the form, the service it calls and
how it looks. `PAGE` lists every step staff take, in the order the page shows
them (tests/kernel/test_admin_steps.py checks that none is missing); the 12345
steps have their pages in `steps_dispatch` (分拨, 签收, 退单, 紧急), `steps_team`
(承办人, 协办), `steps_waiting` (补充材料), `steps_merging` (并单, 拆分) and `steps_callback` (回访,
重办, 催办, 通报), each keyed by step name like `BASE_PAGE` here.
"""

from django.utils.translation import gettext_lazy as _

from cases import selectors, services, workflow
from cases.admin import (
    forms,
    steps_callback,
    steps_dispatch,
    steps_merging,
    steps_team,
    steps_waiting,
)
from cases.admin.step_page import CaseStepPage
from cases.models import Case
from kernel.admin_steps import BulkAction, Step

Status = Case.Status


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


BASE_PAGE: dict[str, CaseStepPage] = {
    "accept": CaseStepPage(
        forms.NoteForm,
        _transition(Status.ACCEPTED),
        style="default",
        bulk=BulkAction(
            _("受理所选诉求"),
            summary=_("已受理 %(done)d 件，%(refused)d 件未能受理。"),
            asks_form=False,
        ),
    ),
    "reply": CaseStepPage(
        forms.ReplyForm, _transition(Status.REPLIED), needs_case=True, style="default"
    ),
    "close": CaseStepPage(forms.NoteForm, _transition(Status.CLOSED)),
    "transfer": CaseStepPage(
        forms.TransferForm,
        lambda c, u, d: services.case_transfer(
            case=c, to_department_id=d["to_department"].pk, actor=u, reason=d["reason"]
        ),
        needs_case=True,
        confirm=_(
            "确认将本诉求转办至“{to_department}”？转办后本部门将不能再查看和办理本诉求。"
        ),
        done_message=lambda case: (
            _("已转办至 %(department)s") % {"department": case.department.name}
        ),
    ),
    "send_back": CaseStepPage(
        forms.ReasonForm,
        lambda c, u, d: services.case_send_back(case=c, actor=u, reason=d["reason"]),
        confirm=_("确认退回本诉求？退回后由督办人员重新分派承办部门。"),
    ),
    "reject": CaseStepPage(
        forms.ReasonForm,
        _transition(Status.REJECTED),
        confirm=_("确认不予受理本诉求？理由将告知市民，诉求随即结束。"),
    ),
    "extension_request": CaseStepPage(
        forms.ExtensionRequestForm,
        lambda c, u, d: services.extension_request(
            case=c, actor=u, days=d["days"], reason=d["reason"]
        ),
    ),
    "extension_decide": CaseStepPage(
        forms.ExtensionDecisionForm,
        lambda c, u, d: services.extension_decide(
            request=selectors.pending_extension(case=c),
            actor=u,
            approve=d["approve"],
            comment=d["comment"],
        ),
        needs_case=True,
    ),
    "dispatch": CaseStepPage(
        forms.DispatchForm,
        lambda c, u, d: services.case_dispatch(
            case=c, to_department_id=d["to_department"].pk, actor=u, note=d["note"]
        ),
        needs_case=True,
    ),
    "supervise": CaseStepPage(
        forms.RequiredNoteForm,
        lambda c, u, d: services.case_supervise(case=c, actor=u, note=d["note"]),
    ),
    "reopen": CaseStepPage(
        forms.RequiredNoteForm,
        lambda c, u, d: services.case_reopen(case=c, actor=u, note=d["note"]),
    ),
    "note": CaseStepPage(
        forms.RequiredNoteForm,
        lambda c, u, d: services.case_add_note(case=c, actor=u, note=d["note"]),
    ),
}


# A later module's page for a step replaces the base one (send_back, dispatch).
PAGE: dict[str, CaseStepPage] = {
    **BASE_PAGE,
    **steps_dispatch.PAGE,
    **steps_team.PAGE,
    **steps_waiting.PAGE,
    **steps_merging.PAGE,
    **steps_callback.PAGE,
}


def _case_form_kwargs(case: Case) -> dict:
    return {"case": case}


def _step(name: str, page: CaseStepPage) -> Step:
    definition = workflow.STEPS[name]
    return Step(
        name,
        definition.label,
        page.form_class,
        offered=lambda case, user: workflow.is_offered(user, definition, case),
        perform=page.perform,
        done_message=page.done_message,
        bulk=page.bulk,
        form_kwargs=_case_form_kwargs if page.needs_case else None,
        style=page.style,
        confirm=page.confirm,
    )


STEPS: list[Step] = [_step(name, page) for name, page in PAGE.items()]
