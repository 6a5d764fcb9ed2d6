"""并单 and 撤销并单 (cases/services/merging.py): a duplicate follows its main case,
each bad main is refused with a Chinese message and nothing saved, and the undo
puts the case back where it was."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseEvent
from tests.cases.helpers import is_chinese, submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


@pytest.fixture
def duplicate(department_a):
    return submit_case(department=department_a, title="幸福路路灯不亮").case


@pytest.fixture
def main(department_a):
    return submit_case(department=department_a, title="幸福路路灯坏了").case


def _snapshot(*cases):
    """Everything a refused merge must leave as it was."""
    return [
        (
            *Case.objects.filter(pk=case.pk)
            .values_list("status", "status_before", "merged_into")
            .get(),
            CaseEvent.objects.filter(case=case).count(),
        )
        for case in cases
    ]


def _refused(case, actor, number):
    with pytest.raises(ValidationError) as excinfo:
        services.case_merge(case=case, actor=actor, main_number=number)
    messages = excinfo.value.message_dict["main_case"]
    assert all(is_chinese(message) for message in messages)
    return messages[0]


def test_a_duplicate_follows_its_main_case(officer_a, duplicate, main):
    services.case_transition(case=duplicate, to_status=Status.ACCEPTED, actor=officer_a)

    merged = services.case_merge(
        case=duplicate,
        actor=officer_a,
        main_number=main.number.lower(),
        note="同一路灯",
    )

    assert (merged.status, merged.status_before) == (Status.MERGED, Status.ACCEPTED)
    assert merged.merged_into == main
    event = merged.events.latest("pk")
    assert (event.action, event.actor, event.is_public) == ("merge", officer_a, True)
    assert main.number in event.note and "同一路灯" in event.note
    note = main.events.latest("pk")
    assert (note.action, note.is_public) == ("note", False)
    assert note.note.startswith(f"并入：{duplicate.number}")
    main.refresh_from_db()
    assert main.status == Status.SUBMITTED  # the main goes on as it was


def test_a_supervisor_merges_across_departments(supervisor, duplicate, department_b):
    other = submit_case(department=department_b).case

    merged = services.case_merge(
        case=duplicate, actor=supervisor, main_number=other.number
    )

    assert merged.merged_into == other


def test_merging_into_itself_is_refused(officer_a, duplicate):
    before = _snapshot(duplicate)

    assert "自己" in _refused(duplicate, officer_a, duplicate.number)
    assert _snapshot(duplicate) == before


def test_an_unknown_main_number_is_refused(officer_a, duplicate):
    before = _snapshot(duplicate)

    assert "不存在" in _refused(duplicate, officer_a, "ZX-20990101-0001")
    assert _snapshot(duplicate) == before


def test_an_empty_main_number_names_the_field(officer_a, duplicate):
    with pytest.raises(ValidationError) as excinfo:
        services.case_merge(case=duplicate, actor=officer_a, main_number="  ")
    assert excinfo.value.message_dict["main_case"] == ["请填写主件的登记编号。"]


def test_a_main_that_is_merged_itself_is_refused_no_chains(
    officer_a, duplicate, main, department_a
):
    third = submit_case(department=department_a).case
    services.case_merge(case=main, actor=officer_a, main_number=third.number)
    before = _snapshot(duplicate, main, third)

    assert _refused(duplicate, officer_a, main.number).startswith(
        "不能并入已并单的诉求"
    )
    assert _snapshot(duplicate, main, third) == before


def test_a_case_others_follow_cannot_follow_another(
    officer_a, duplicate, main, department_a
):
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)
    third = submit_case(department=department_a).case
    before = _snapshot(duplicate, main, third)

    assert "已有诉求并入本件" in _refused(main, officer_a, third.number)
    assert _snapshot(duplicate, main, third) == before


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (Status.REPLIED, "已答复"),
        (Status.CLOSED, "已答复"),
        (Status.REJECTED, "不予受理"),
        (Status.SPLIT, "已拆分"),
    ],
)
def test_an_answered_or_ended_main_is_refused(
    officer_a, duplicate, main, status, words
):
    Case.objects.filter(pk=main.pk).update(status=status)
    before = _snapshot(duplicate, main)

    assert words in _refused(duplicate, officer_a, main.number)
    assert _snapshot(duplicate, main) == before


def test_a_main_of_another_department_looks_like_an_unknown_number(
    officer_a, duplicate, department_b
):
    other = submit_case(department=department_b).case
    before = _snapshot(duplicate, other)

    message = _refused(duplicate, officer_a, other.number)

    assert message == _refused(duplicate, officer_a, "ZX-20990101-0001")
    assert _snapshot(duplicate, other) == before


def test_an_officer_of_another_department_may_not_merge(officer_b, duplicate, main):
    with pytest.raises(PermissionDenied):
        services.case_merge(case=duplicate, actor=officer_b, main_number=main.number)
    assert _snapshot(duplicate)[0][0] == Status.SUBMITTED


def test_an_answered_case_cannot_be_merged(officer_a, duplicate, main):
    Case.objects.filter(pk=duplicate.pk).update(status=Status.REPLIED)

    with pytest.raises(ValidationError) as excinfo:
        services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)
    assert excinfo.value.message_dict["status"] == ["只有尚未答复的诉求可以并单。"]


def test_undoing_a_merge_puts_the_case_back(officer_a, duplicate, main):
    services.case_transition(case=duplicate, to_status=Status.ACCEPTED, actor=officer_a)
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)

    case = services.case_unmerge(case=duplicate, actor=officer_a, reason="并错了")

    assert (case.status, case.status_before, case.merged_into) == (
        Status.ACCEPTED,
        "",
        None,
    )
    event = case.events.latest("pk")
    assert (event.action, event.to_status) == ("unmerge", Status.ACCEPTED)
    assert main.number in event.note and "并错了" in event.note
    assert main.events.latest("pk").note == f"撤销并入：{duplicate.number}（并错了）"


def test_undoing_needs_a_reason(officer_a, duplicate, main):
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)

    with pytest.raises(ValidationError) as excinfo:
        services.case_unmerge(case=duplicate, actor=officer_a, reason=" ")
    assert "reason" in excinfo.value.message_dict


def test_a_merge_cannot_be_undone_once_the_main_is_answered(officer_a, duplicate, main):
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)
    # As if the main had been answered without its followers (a repair).
    Case.objects.filter(pk=main.pk).update(status=Status.REPLIED, reply="已修复。")
    before = _snapshot(duplicate, main)

    with pytest.raises(ValidationError) as excinfo:
        services.case_unmerge(case=duplicate, actor=officer_a, reason="并错了")

    assert "主件已答复" in excinfo.value.message_dict["status"][0]
    assert _snapshot(duplicate, main) == before


def test_an_undone_case_may_be_merged_again(officer_a, duplicate, main):
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)
    services.case_unmerge(case=duplicate, actor=officer_a, reason="并错了")

    merged = services.case_merge(
        case=duplicate, actor=officer_a, main_number=main.number
    )

    assert merged.status == Status.MERGED
