"""How the workflow table test takes the steps of 分拨, 签收, 退单 review, 紧急 (see __init__)."""

from datetime import timedelta

from django.utils import timezone

from cases import services
from cases.models import Case

Status = Case.Status

TAKE = {
    "return_refuse": lambda case, actor, other: services.case_return_refuse(
        case=case, actor=actor, reason="职责清单写明属本部门"
    ),
    "sign": lambda case, actor, other: services.case_sign(case=case, actor=actor),
    "urgent": lambda case, actor, other: services.case_mark_urgent(
        case=case, actor=actor, reason="涉及人身安全"
    ),
}
MAY_TAKE = {
    "return_refuse": {"supervisor", "dispatcher"},
    "sign": {"officer_a", "head_a", "supervisor"},
    "urgent": {"officer_a", "head_a", "supervisor", "dispatcher"},
}


def _awaiting_signature(case, other):
    Case.objects.filter(pk=case.pk).update(
        sign_due_at=timezone.now() + timedelta(hours=4), signed_at=None
    )


def _returned_after_accepting(case, other):
    # Where a refused 退单 puts the case back.
    Case.objects.filter(pk=case.pk).update(status_before=Status.ACCEPTED)


PREPARE = {
    "sign": _awaiting_signature,
    "return_refuse": _returned_after_accepting,
}
ACTOR = {}
