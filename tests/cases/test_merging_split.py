"""拆分 (cases/services/merging_split.py): a case covering two departments' matters
goes on as child cases, which the citizen's query code opens; bad children are
refused all at once, naming each row, with nothing saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseEvent
from notifications.models import Message
from tests.cases.helpers import LOOKUP_URL, sequence_rows, submit_case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
Status = Case.Status


def _rows(*departments):
    return [
        {
            "department_id": department.pk,
            "title": f"{department.name}的问题",
            "content": "小区门口的问题已经持续一个星期，请尽快处理。",
        }
        for department in departments
    ]


@pytest.fixture
def submitted(department_a):
    return submit_case(
        department=department_a,
        kind=Case.Kind.COMPLAINT,
        title="小区门口垃圾和噪音",
        content="小区门口垃圾没人清运，工地夜里施工噪音也很大。",
        sms_consent=True,
    )


def _everything():
    return (
        Case.objects.count(),
        CaseEvent.objects.count(),
        sequence_rows(),
        list(Case.objects.values_list("status", flat=True)),
    )


def test_a_case_splits_into_two_departments(
    officer_a, submitted, department_a, department_b
):
    parent = submitted.case

    children = services.case_split(
        case=parent, actor=officer_a, children=_rows(department_a, department_b)
    )

    parent.refresh_from_db()
    assert parent.status == Status.SPLIT
    assert [child.department for child in children] == [department_a, department_b]
    numbers = [child.number for child in children]
    assert len({*numbers, parent.number}) == 3
    assert all(number.startswith("TS-") for number in numbers)
    for child in children:
        child.refresh_from_db()
        assert (child.status, child.parent, child.kind) == (
            Status.SUBMITTED,
            parent,
            parent.kind,
        )
        assert (child.contact_phone, child.complainee, child.sms_consent) == (
            parent.contact_phone,
            parent.complainee,
            True,
        )
        [first] = child.events.all()
        assert (first.action, first.actor, first.note) == (
            "submit",
            officer_a,
            f"由 {parent.number} 拆分",
        )
    event = parent.events.latest("pk")
    assert (event.action, event.is_public) == ("split", True)
    assert all(number in event.note for number in numbers)


def test_a_child_in_another_department_must_be_signed_for_and_gets_its_own_date(
    officer_a, submitted, department_a, department_b
):
    parent = submitted.case

    same, other = services.case_split(
        case=parent, actor=officer_a, children=_rows(department_a, department_b)
    )

    assert (same.due_at, same.sign_due_at) == (parent.due_at, None)
    assert other.sign_due_at is not None and other.signed_at is None


def test_the_citizens_query_code_opens_every_child(
    api_client, officer_a, submitted, department_a, department_b
):
    children = services.case_split(
        case=submitted.case,
        actor=officer_a,
        children=_rows(department_a, department_b),
    )

    for child in children:
        response = api_client.post(
            LOOKUP_URL,
            {"number": child.number, "query_code": submitted.query_code},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["relations"]["split_from"] == submitted.case.number
    parent = api_client.post(
        LOOKUP_URL,
        {"number": submitted.case.number, "query_code": submitted.query_code},
        format="json",
    ).json()
    assert [child["number"] for child in parent["relations"]["split_into"]] == [
        child.number for child in children
    ]
    assert parent["relations"]["split_into"][0]["status_label"] == "待受理"


def test_a_wrong_code_opens_no_child(api_client, officer_a, submitted, department_b):
    [child] = services.case_split(
        case=submitted.case, actor=officer_a, children=_rows(department_b)
    )

    response = api_client.post(
        LOOKUP_URL, {"number": child.number, "query_code": "WRONG234"}, format="json"
    )

    assert response.status_code == 404


@pytest.mark.usefixtures("tasks_at_once")
def test_the_citizen_is_told_once_and_the_departments_are_alerted(
    officer_a, officer_b, submitted, department_a, department_b
):
    officer_b.email = "b@gov.cn"
    officer_b.save(update_fields=["email"])
    children = services.case_split(
        case=submitted.case,
        actor=officer_a,
        children=_rows(department_a, department_b),
    )

    citizen = Message.objects.filter(channel="sms").exclude(event__startswith="staff.")
    # The registration at submission, then one message about the split; no
    # "registered" message with an empty code for the children.
    assert list(citizen.values_list("event", flat=True).order_by("id")) == [
        "case.registered",
        "case.split",
    ]
    assert Message.objects.filter(
        event="staff.new_case", about=f"cases.case:{children[1].pk}"
    ).exists()


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ({"title": "  "}, "请填写标题"),
        ({"title": "\u200b\u200b\u200b\u200b"}, "请填写标题"),
        ({"title": "短"}, "4 到 100"),
        ({"content": "太短了"}, "10 到 5000"),
        ({"content": "内容里有控制字符\x07需要删掉才行"}, "控制字符"),
        ({"department_id": 999999}, "部门不存在"),
        ({"department_id": "1"}, "部门不存在"),
    ],
)
def test_a_bad_child_is_refused_naming_its_row(
    officer_a, submitted, department_a, department_b, row, words
):
    rows = _rows(department_a, department_b)
    rows[1].update(row)
    before = _everything()

    with pytest.raises(ValidationError) as excinfo:
        services.case_split(case=submitted.case, actor=officer_a, children=rows)

    [message] = excinfo.value.message_dict["children"]
    assert message.startswith("第 2 件：") and words in message
    assert _everything() == before


def test_the_dispatch_centre_cannot_receive_a_child(officer_a, submitted):
    centre = DepartmentFactory(name="市级分拨中心", is_dispatch_center=True)

    with pytest.raises(ValidationError) as excinfo:
        services.case_split(
            case=submitted.case, actor=officer_a, children=_rows(centre)
        )

    assert "部门不存在或已停用" in excinfo.value.message_dict["children"][0]


def test_a_split_needs_at_least_one_child(officer_a, submitted):
    with pytest.raises(ValidationError) as excinfo:
        services.case_split(case=submitted.case, actor=officer_a, children=[])

    assert excinfo.value.message_dict["children"] == [
        "请至少填写一件拆分后的诉求内容。"
    ]


def test_at_most_five_children(officer_a, submitted, department_a):
    with pytest.raises(ValidationError) as excinfo:
        services.case_split(
            case=submitted.case, actor=officer_a, children=_rows(*[department_a] * 6)
        )

    assert "最多" in excinfo.value.message_dict["children"][0]


def test_a_child_cannot_be_split_again(officer_a, submitted, department_a):
    [child] = services.case_split(
        case=submitted.case, actor=officer_a, children=_rows(department_a)
    )
    before = _everything()

    with pytest.raises(ValidationError) as excinfo:
        services.case_split(case=child, actor=officer_a, children=_rows(department_a))

    assert "不能再拆分" in excinfo.value.message_dict["children"][0]
    assert _everything() == before


def test_a_case_others_follow_cannot_be_split(officer_a, submitted, department_a):
    duplicate = submit_case(department=department_a).case
    services.case_merge(
        case=duplicate, actor=officer_a, main_number=submitted.case.number
    )

    with pytest.raises(ValidationError) as excinfo:
        services.case_split(
            case=submitted.case, actor=officer_a, children=_rows(department_a)
        )

    assert "撤销" in excinfo.value.message_dict["children"][0]


def test_an_officer_of_another_department_may_not_split(
    officer_b, submitted, department_b
):
    before = _everything()

    with pytest.raises(PermissionDenied):
        services.case_split(
            case=submitted.case, actor=officer_b, children=_rows(department_b)
        )

    assert _everything() == before


def test_a_new_code_for_the_parent_moves_to_its_children(
    officer_a, submitted, department_b
):
    from cases import citizen_access, selectors

    [child] = services.case_split(
        case=submitted.case, actor=officer_a, children=_rows(department_b)
    )

    code = citizen_access.case_reissue_query_code(case=submitted.case)

    assert selectors.case_lookup(number=child.number, query_code=code) == child
    old = submitted.query_code
    assert selectors.case_lookup(number=child.number, query_code=old) is None
