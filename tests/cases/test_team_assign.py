"""承办人: a head or officer names an officer of the department; reassigning (改派)
writes the same event naming both; anyone else is refused in Chinese, with
nothing saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseEvent
from departments import services as department_services
from tests.cases.helpers import is_chinese, submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


@pytest.fixture
def case_a(department_a):
    return submit_case(department=department_a).case


def _named(user, last, first):
    user.last_name, user.first_name = last, first
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def zhang(officer_a):
    return _named(officer_a, "张", "三")


@pytest.fixture
def li(django_user_model, department_a):
    user = django_user_model.objects.create_user(
        username="li_si", password="pass-12345!", last_name="李", first_name="四"
    )
    department_services.staff_grant(user=user, department=department_a, role="officer")
    return user


def _assign_events(case):
    return list(
        CaseEvent.objects.filter(case=case, action=CaseEvent.Action.ASSIGN).order_by(
            "id"
        )
    )


def test_a_head_assigns_an_officer_and_the_event_names_them(case_a, head_a, zhang):
    case = services.case_assign(case=case_a, actor=head_a, assignee=zhang)

    assert case.assignee == zhang
    case_a.refresh_from_db()
    assert case_a.assignee == zhang
    assert case_a.status == Status.SUBMITTED
    [event] = _assign_events(case_a)
    assert (event.actor, event.note, event.is_public) == (
        head_a,
        "指定承办人：张三",
        False,
    )


def test_reassigning_writes_the_same_event_naming_both(case_a, head_a, zhang, li):
    services.case_assign(case=case_a, actor=head_a, assignee=zhang)

    services.case_assign(case=case_a, actor=zhang, assignee=li, note="张三休假")

    case_a.refresh_from_db()
    assert case_a.assignee == li
    assert [event.note for event in _assign_events(case_a)] == [
        "指定承办人：张三",
        "改派：张三 → 李四。张三休假",
    ]


def test_an_officer_may_assign_the_case_to_themselves(case_a, zhang):
    services.case_assign(case=case_a, actor=zhang, assignee=zhang)

    case_a.refresh_from_db()
    assert case_a.assignee == zhang


def test_an_unnamed_officer_is_named_by_username(case_a, head_a, officer_a):
    services.case_assign(case=case_a, actor=head_a, assignee=officer_a)

    assert _assign_events(case_a)[0].note == "指定承办人：officer_a"


def _refused(case, actor, assignee):
    with pytest.raises(ValidationError) as excinfo:
        services.case_assign(case=case, actor=actor, assignee=assignee)
    messages = excinfo.value.message_dict["assignee"]
    assert all(is_chinese(message) for message in messages)
    return messages


def test_it_refuses_an_officer_of_another_department(case_a, head_a, officer_b):
    _named(officer_b, "王", "五")

    assert _refused(case_a, head_a, officer_b) == [
        "王五不是本部门的工作人员，不能指定为承办人。"
    ]
    case_a.refresh_from_db()
    assert case_a.assignee is None
    assert _assign_events(case_a) == []


def test_it_refuses_a_supervisor_who_is_nobodys_officer(case_a, head_a, supervisor):
    assert _refused(case_a, head_a, supervisor) == [
        "supervisor不是本部门的工作人员，不能指定为承办人。"
    ]


def test_it_refuses_an_inactive_officer(case_a, head_a, li):
    li.is_active = False
    li.save(update_fields=["is_active"])

    assert _refused(case_a, head_a, li) == ["李四已停用，不能指定为承办人。"]
    case_a.refresh_from_db()
    assert case_a.assignee is None


def test_it_refuses_the_person_already_assigned(case_a, head_a, zhang):
    services.case_assign(case=case_a, actor=head_a, assignee=zhang)

    assert _refused(case_a, head_a, zhang) == ["张三已是本诉求的承办人。"]
    assert len(_assign_events(case_a)) == 1


def test_it_refuses_no_assignee_with_the_tables_message(case_a, head_a):
    assert _refused(case_a, head_a, None) == ["请选择本部门的承办人。"]


def test_an_officer_of_another_department_may_not_assign(case_a, officer_b, zhang):
    with pytest.raises(PermissionDenied) as excinfo:
        services.case_assign(case=case_a, actor=officer_b, assignee=zhang)

    assert str(excinfo.value) == "您无权办理其他部门的诉求。"
    case_a.refresh_from_db()
    assert case_a.assignee is None


def test_an_answered_case_cannot_be_assigned(case_a, head_a, zhang):
    Case.objects.filter(pk=case_a.pk).update(status=Status.REPLIED)

    with pytest.raises(ValidationError) as excinfo:
        services.case_assign(case=case_a, actor=head_a, assignee=zhang)

    assert excinfo.value.message_dict["status"] == ["只有办理中的诉求可以指定承办人。"]
    case_a.refresh_from_db()
    assert case_a.assignee is None
