"""The steps of the feedback back office (kernel.admin_steps): moderating a comment,
回访 and 整改结果 of a rectification, requesting and deciding an appeal.

Who may take a step is the access policy's answer, as in the services. Moderation
and rectification need the department's `handle_cases` scope, which the pages ask
already (`DepartmentScopedAdmin`: a row outside it is a 404 before any step), so
those steps check only the page's change permission (the admin actions need it
too) and the row's state. An appeal has rules of its own: the rated department's
own staff ask (`may_request_appeal`, the service's rule), supervisors decide.
"""

from django.utils.translation import gettext_lazy as _

from departments import selectors as department_selectors
from feedback import services
from feedback.admin.forms import (
    AppealDecisionForm,
    AppealRequestForm,
    HideForm,
    NoteForm,
    RestoreForm,
)
from feedback.models import Appeal, DepartmentImpression
from feedback.services.permissions import may_request_appeal
from kernel.admin_steps import BulkAction, Step, StepsAdminMixin

Status = DepartmentImpression.Status


class FeedbackStepsAdmin(StepsAdminMixin):
    """A feedback record changes only through its steps: every field is read-only
    (with `extra_readonly` for computed ones), and nobody adds or deletes a row.
    Mix in before `DepartmentScopedAdmin`."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [
            *(field.name for field in self.opts.fields),
            *getattr(self, "extra_readonly", []),
        ]


def _may_change(user, obj) -> bool:
    return user.has_perm(f"feedback.change_{obj._meta.model_name}")


MODERATION_STEPS = [
    Step(
        "hide",
        _("隐藏"),
        HideForm,
        lambda item, user: item.status != Status.HIDDEN and _may_change(user, item),
        lambda item, user, data: services.moderation_hide(
            actor=user, item=item, reason=data["reason"], note=data["note"]
        ),
        bulk=BulkAction(_("隐藏所选评论")),
    ),
    Step(
        "restore",
        _("恢复 / 审核发布"),
        RestoreForm,
        lambda item, user: item.status != Status.PUBLISHED and _may_change(user, item),
        lambda item, user, data: services.moderation_restore(
            actor=user, item=item, note=data["note"]
        ),
        bulk=BulkAction(_("恢复 / 发布所选评论")),
    ),
]


def _may_appeal(evaluation, user) -> bool:
    return (
        may_request_appeal(user, evaluation)
        and not evaluation.is_void
        and not evaluation.appeals.filter(decision=Appeal.Decision.PENDING).exists()
    )


def _appeal(evaluation, user, data):
    return services.appeal_request(
        actor=user, evaluation=evaluation, reason=data["reason"]
    )


APPEAL_STEP = Step("appeal", _("申请申诉复核"), AppealRequestForm, _may_appeal, _appeal)


def _may_rectify(rectification, user) -> bool:
    return rectification.is_open and _may_change(user, rectification)


RECTIFICATION_STEPS = [
    Step(
        "contact",
        _("记录回访"),
        NoteForm,
        lambda obj, user: obj.contacted_at is None and _may_rectify(obj, user),
        lambda obj, user, data: services.rectification_contact(
            actor=user, rectification=obj, note=data["note"]
        ),
    ),
    Step(
        "complete",
        _("填写整改结果"),
        NoteForm,
        lambda obj, user: obj.contacted_at is not None and _may_rectify(obj, user),
        lambda obj, user, data: services.rectification_complete(
            actor=user, rectification=obj, note=data["note"]
        ),
    ),
    # The appeal of the rectification's rating, from the rectification's page.
    Step(
        "appeal",
        APPEAL_STEP.label,
        AppealRequestForm,
        lambda obj, user: _may_appeal(obj.evaluation, user),
        lambda obj, user, data: _appeal(obj.evaluation, user, data),
    ),
]

APPEAL_DECISION_STEPS = [
    Step(
        "decide",
        _("复核"),
        AppealDecisionForm,
        lambda appeal, user: (
            appeal.decision == Appeal.Decision.PENDING
            and user.has_perm("feedback.change_appeal")
            and department_selectors.is_supervisor(user)
        ),
        lambda appeal, user, data: services.appeal_decide(
            actor=user, appeal=appeal, void=data["void"], note=data["note"]
        ),
    )
]
