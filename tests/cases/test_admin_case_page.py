"""The case page as each role sees it: photos, extension requests and the whole
timeline in Chinese with staff named properly, what the head decides an extension
on, the questions before steps that hand a case away, and where a transfer lands."""

import re

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, CaseEvent
from kernel import workdays
from tests.cases.helpers import photo

pytestmark = pytest.mark.django_db
Status = Case.Status


@pytest.fixture
def case_a(department_a):
    """A complaint to department A with two photos, accepted, with a pending
    extension request and an internal note: every kind of record the page shows."""
    case = services.case_submit(
        submission=services.CaseSubmission(
            kind="complaint",
            title="餐馆油烟直排",
            content="楼下餐馆的油烟没有经过净化直接排放。",
            department_id=department_a.id,
            complainee="幸福路12号某餐馆",
            contact_name="刘女士",
            contact_phone="13700001111",
            channel="h5",
        ),
        photos=[photo(), photo(name="second.jpg")],
    ).case
    return case


@pytest.fixture
def handled_case(case_a, officer_a):
    officer_a.last_name, officer_a.first_name = "张", "伟"
    officer_a.save()
    services.case_transition(
        case=case_a, to_status=Status.ACCEPTED, actor=officer_a, note="已安排核查"
    )
    services.extension_request(
        case=case_a, actor=officer_a, days=3, reason="需要现场勘查油烟排放口"
    )
    services.case_add_note(case=case_a, actor=officer_a, note="已电话联系餐馆负责人")
    return case_a


def _page(client, case):
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _text(html):
    """What a reader sees: the page without its tags and attributes."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("role", ["officer_a", "head_a", "supervisor"])
def test_every_role_sees_the_photos_the_extension_requests_and_the_whole_timeline(
    request, login, handled_case, role
):
    html = _page(login(request.getfixturevalue(role)), handled_case)

    thumbnails = [a.thumbnail.url for a in handled_case.attachments.all()]
    assert len(thumbnails) == 2
    assert all(url in html for url in thumbnails)
    text = _text(html)
    assert "照片 1" in text and "照片 2" in text
    assert "需要现场勘查油烟排放口" in text  # the extension request
    events = list(handled_case.events.all())
    assert len(events) == 4  # submit, accept, extension request, note
    assert len(re.findall(r'<tr class="form-row" id="events-\d+"', html)) == 4
    for event in events:
        assert event.get_action_display() in text
        assert event.note in text


def test_the_timeline_speaks_chinese_and_names_staff_by_name_role_and_department(
    login, head_a, handled_case, department_a
):
    text = _text(_page(login(head_a), handled_case))

    assert "待受理 → 已受理" in text
    assert "submitted" not in text and "accepted" not in text
    # The actor: full name, role and department, not the login name.
    assert f"张伟（部门工作人员·{department_a.short_name}）" in text
    assert "officer_a" not in text
    # The citizen's own submission has no staff actor.
    assert "市民" in text
    # Photo rows are numbered, never titled with their file paths.
    assert "cases/photos/" not in text and ".jpg" not in text


def test_the_head_decides_an_extension_seeing_days_new_due_date_and_reason(
    login, head_a, handled_case
):
    html = _page(login(head_a), handled_case)

    decide = re.search(
        r'<form[^>]*/step/extension_decide/"[^>]*>(.*?)</form>', html, re.S
    ).group(1)
    text = _text(decide)
    new_due = workdays.add_workdays(start=handled_case.due_at, days=3)
    assert "3 个工作日" in text
    assert f"{new_due:%Y-%m-%d}" in text
    assert f"{handled_case.due_at:%Y-%m-%d}" in text
    assert "需要现场勘查油烟排放口" in text
    assert "张伟（部门工作人员" in text  # who asked
    assert 'name="extension_decide-comment"' in decide


def test_the_heads_comment_goes_into_the_decision_event(login, head_a, handled_case):
    url = reverse("admin:cases_case_step", args=[handled_case.pk, "extension_decide"])

    login(head_a).post(
        url,
        {"extension_decide-approve": "1", "extension_decide-comment": "请在期限内办结"},
    )

    event = handled_case.events.get(action=CaseEvent.Action.EXTENSION_APPROVE)
    assert event.note == "办理时限延长 3 个工作日。审批意见：请在期限内办结"
    assert event.actor == head_a


def test_steps_that_hand_the_case_away_or_end_it_ask_first(login, officer_a, case_a):
    html = _page(login(officer_a), case_a)

    def form_of(step):
        return re.search(rf'<form[^>]*/step/{step}/"[^>]*>', html).group(0)

    for step in ("transfer", "send_back", "reject"):
        assert "data-confirm=" in form_of(step), step
    assert "data-confirm=" not in form_of("accept")
    assert '<dialog id="step-confirm"' in html


def test_the_page_goes_back_to_the_list_without_a_bare_close_button(
    login, officer_a, case_a
):
    html = _page(login(officer_a), case_a)

    assert "返回诉求列表" in html
    assert ">关闭</a>" not in html


def test_after_a_transfer_the_officer_lands_on_the_list_told_where_it_went(
    login, officer_a, case_a, department_b
):
    response = login(officer_a).post(
        reverse("admin:cases_case_step", args=[case_a.pk, "transfer"]),
        {"transfer-to_department": department_b.pk, "transfer-reason": "属于环保职责"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:cases_case_changelist")
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"已转办至 {department_b.name}"]


def test_a_longer_timeline_costs_no_more_queries(
    login, head_a, supervisor, handled_case
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(head_a)
    _page(client, handled_case)  # content types and permissions get cached
    with CaptureQueriesContext(connection) as before:
        _page(client, handled_case)
    services.case_supervise(case=handled_case, actor=supervisor, note="请加快办理")
    for number in range(5):
        services.case_add_note(case=handled_case, actor=head_a, note=f"备注{number}")
    with CaptureQueriesContext(connection) as after:
        html = _page(client, handled_case)

    assert len(re.findall(r'<tr class="form-row" id="events-\d+"', html)) == 10
    assert len(after.captured_queries) == len(before.captured_queries)
