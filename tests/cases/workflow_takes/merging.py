"""How the workflow table test takes the steps of 并单 and 拆分 (see __init__)."""

from cases.models import Case
from cases.services import merging
from tests.cases.helpers import submit_case

Status = Case.Status
HANDLERS = {"officer_a", "head_a", "supervisor"}


def _main_of(case) -> Case:
    """The main case PREPARE made for `case`: the other case of its department."""
    return (
        Case.objects.filter(department_id=case.department_id)
        .exclude(pk=case.pk)
        .latest("pk")
    )


def _make_main(case, other):
    submit_case(department=case.department, title="同一路段路灯不亮")


def _follow_a_main(case, other, *, answered=False):
    main = submit_case(department=case.department).case
    if answered:
        Case.objects.filter(pk=main.pk).update(
            status=Status.REPLIED, reply="路灯已修复。"
        )
    Case.objects.filter(pk=case.pk).update(
        merged_into=main, status_before=Status.ACCEPTED
    )


def _children(case, other):
    return [
        {
            "department_id": other.pk,
            "title": "小区门口垃圾清运",
            "content": "小区门口的垃圾三天没有清运，气味很大。",
        },
        {
            "department_id": case.department_id,
            "title": "小区门口路灯不亮",
            "content": "小区门口的路灯坏了一个星期，晚上很黑。",
        },
    ]


TAKE = {
    "merge": lambda case, actor, other: merging.case_merge(
        case=case, actor=actor, main_number=_main_of(case).number, note="重复反映"
    ),
    "unmerge": lambda case, actor, other: merging.case_unmerge(
        case=case, actor=actor, reason="并错了，两件反映的不是同一处"
    ),
    "merged_reply": lambda case, actor, other: merging.case_merged_reply(
        case=case, actor=actor
    ),
    "split": lambda case, actor, other: merging.case_split(
        case=case, actor=actor, children=_children(case, other)
    ),
}
MAY_TAKE = {
    "merge": HANDLERS,
    "unmerge": HANDLERS,
    "merged_reply": set(),
    "split": HANDLERS,
}
PREPARE = {
    "merge": _make_main,
    "unmerge": _follow_a_main,
    "merged_reply": lambda case, other: _follow_a_main(case, other, answered=True),
}
ACTOR = {"merged_reply": "system"}
