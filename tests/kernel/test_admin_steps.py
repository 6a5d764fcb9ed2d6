"""The admin step mechanism (kernel/admin_steps.py), through the case page: which
steps a page offers, what a refused step gives back, and the bulk action a step
becomes on the list."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cases import services, workflow
from cases.admin.steps import PAGE
from cases.models import Case
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


@pytest.fixture
def case_a(department_a):
    return submit_case(department=department_a).case


def _offered(client, case) -> list[str]:
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    return re.findall(r'<form method="post" action="[^"]*/step/(\w+)/"', page.text)


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_every_workflow_step_has_its_form_on_the_case_page():
    assert set(PAGE) == {
        name for name, step in workflow.STEPS.items() if step.staff_take_it
    }


def test_a_step_is_offered_exactly_where_the_workflow_allows_it(
    login, officer_a, supervisor, case_a
):
    handler_steps = [
        "accept",
        "transfer",
        "send_back",
        "reject",
        "extension_request",
        "note",
    ]
    # The 12345 steps' pages come after the base ones (cases/admin/steps.py).
    handler_12345 = ["urgent", "assign", "merge", "split"]
    assert _offered(login(officer_a), case_a) == [*handler_steps, *handler_12345]
    # 督办, 催办, 通报 are the supervisors'; 答复 waits for the case to be accepted.
    assert _offered(login(supervisor), case_a) == [
        *handler_steps[:5],
        "supervise",
        "note",
        *handler_12345,
        "urge",
        "report",
    ]

    services.case_transition(case=case_a, to_status=Status.ACCEPTED, actor=officer_a)

    assert _offered(login(officer_a), case_a)[:2] == ["reply", "transfer"]


def test_a_step_not_offered_is_refused_with_a_message_and_changes_nothing(
    login, officer_a, case_a
):
    url = reverse("admin:cases_case_step", args=[case_a.pk, "supervise"])

    response = login(officer_a).post(url, {"supervise-note": "请加快办理"})

    assert response.status_code == 302
    assert response.url == reverse("admin:cases_case_change", args=[case_a.pk])
    assert _messages(response) == ["当前状态下不能执行“督办”。"]
    assert not case_a.events.filter(action="supervise").exists()


def test_a_step_the_service_refuses_comes_back_with_the_input_and_the_reason(
    login, officer_a, head_a, case_a, monkeypatch
):
    # A colleague asks for an extension between the check of the form and the
    # service's lock: the service, not the page, refuses the second request.
    take = services.extension_request

    def colleague_first(**kwargs):
        take(case=kwargs["case"], actor=head_a, days=2, reason="同事已申请")
        return take(**kwargs)

    monkeypatch.setattr(services, "extension_request", colleague_first)
    url = reverse("admin:cases_case_step", args=[case_a.pk, "extension_request"])

    response = login(officer_a).post(
        url, {"extension_request-days": "5", "extension_request-reason": "需现场勘查"}
    )

    assert response.status_code == 200
    assert _messages(response) == ["申请延期：该诉求已有待审批的延期申请。"]
    html = response.text
    form = re.search(
        r"<details[^>]*open>\s*<summary>申请延期</summary>(.*?)</details>", html, re.S
    )
    assert form, "the refused step is open again"
    assert 'name="extension_request-days" value="5"' in form.group(1)
    assert "需现场勘查</textarea>" in form.group(1)
    assert "该诉求已有待审批的延期申请。" in form.group(1)
    assert case_a.extensions.get().reason == "同事已申请"


def test_a_step_the_form_refuses_keeps_what_was_chosen(
    login, officer_a, case_a, department_b
):
    url = reverse("admin:cases_case_step", args=[case_a.pk, "transfer"])

    response = login(officer_a).post(url, {"transfer-to_department": department_b.pk})

    assert response.status_code == 200
    assert any("转办理由" in message for message in _messages(response))
    assert f'<option value="{department_b.pk}" selected>' in response.text
    case_a.refresh_from_db()
    assert case_a.department_id != department_b.pk


def test_the_bulk_action_takes_the_step_per_row_and_names_each_refused_row(
    login, officer_a, department_a
):
    waiting = [submit_case(department=department_a).case for _ in range(2)]
    accepted = submit_case(department=department_a).case
    services.case_transition(case=accepted, to_status=Status.ACCEPTED, actor=officer_a)
    selected = [*waiting, accepted]

    changelist = login(officer_a).get(reverse("admin:cases_case_changelist"))
    assert '<option value="accept_selected">受理所选诉求</option>' in changelist.text

    response = login(officer_a).post(
        reverse("admin:cases_case_changelist"),
        {"action": "accept_selected", "_selected_action": [c.pk for c in selected]},
    )

    assert response.status_code == 302
    assert _messages(response) == [
        "已受理 2 件，1 件未能受理。",
        f"{accepted}：当前状态下不能执行“受理”。",
    ]
    statuses = Case.objects.filter(pk__in=[c.pk for c in waiting])
    assert set(statuses.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert accepted.events.filter(action="accept").count() == 1


def test_an_appeal_is_offered_exactly_to_whom_the_service_accepts_it_from(
    login, officer_a, supervisor, department_a
):
    from departments.roles import ensure_role_groups
    from feedback import services as feedback_services
    from tests.feedback.conftest import answered_case

    ensure_role_groups()
    case, _code = answered_case(department_a)
    evaluation = feedback_services.evaluation_submit(case=case, level=1)
    page = reverse("admin:feedback_caseevaluation_change", args=[evaluation.pk])
    step = reverse("admin:feedback_caseevaluation_step", args=[evaluation.pk, "appeal"])

    assert f'action="{step}"' in login(officer_a).get(page).text
    # Supervisors decide appeals; they do not ask for one, on the page or otherwise.
    assert f'action="{step}"' not in login(supervisor).get(page).text
    with pytest.raises(PermissionDenied):
        feedback_services.appeal_request(
            actor=supervisor, evaluation=evaluation, reason="误评"
        )
