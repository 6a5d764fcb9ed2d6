"""The back office of 分拨: the 派单目录 with its 试一试 preview, the case list's
紧急 first, 签收 column and filters, the dispatch steps' pages, and registering a
case whose caller does not know the department."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, DispatchRule
from departments.services import dispatch_center
from tests.cases.helpers import submit_case
from tests.factories import ServiceTypeFactory

pytestmark = pytest.mark.django_db
Status = Case.Status
RULES_URL = reverse("admin:cases_dispatchrule_changelist")
CASES_URL = reverse("admin:cases_case_changelist")


def _step(client, case, step, data=None):
    url = reverse("admin:cases_case_step", args=[case.pk, step])
    response = client.post(url, {f"{step}-{k}": v for k, v in (data or {}).items()})
    case.refresh_from_db()
    return response


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_the_catalogue_lists_rules_in_order(login, dispatcher, department_a):
    service_type = ServiceTypeFactory(window__department=department_a)
    DispatchRule.objects.create(
        name="燃气", sort_order=20, keywords="燃气、煤气", department=department_a,
        marks_urgent=True,
    )  # fmt: skip
    DispatchRule.objects.create(
        name="社保", sort_order=10, service_type=service_type, department=department_a
    )

    response = login(dispatcher).get(RULES_URL)

    assert response.status_code == 200
    rows = [rule.name for rule in response.context["cl"].result_list]
    assert rows == ["社保", "燃气"]
    assert "燃气、煤气" in response.content.decode()


def test_the_preview_shows_which_rule_a_sample_hits(login, dispatcher, department_a):
    DispatchRule.objects.create(
        name="燃气", keywords="燃气", department=department_a, marks_urgent=True
    )

    hit = login(dispatcher).get(
        RULES_URL, {"try-title": "楼道燃气味", "try-content": "很浓"}
    )
    miss = login(dispatcher).get(RULES_URL, {"try-title": "别的事", "try-content": ""})

    assert hit.status_code == miss.status_code == 200
    assert hit.context["preview"]["rule"].name == "燃气"
    page = hit.content.decode()
    assert "命中规则“燃气”" in page and department_a.name in page
    assert "按紧急件办理" in page
    assert "未命中任何规则，转 <strong>12345市级分拨中心</strong>" in (
        miss.content.decode()
    )
    # The rule list itself is not filtered by the preview's fields.
    assert len(hit.context["cl"].result_list) == 1


def test_the_preview_needs_some_text(login, dispatcher):
    response = login(dispatcher).get(RULES_URL, {"try-title": " ", "try-content": ""})

    assert response.status_code == 200
    assert response.context["preview"] is None
    assert "请填写标题或内容，再试一试。" in response.content.decode()


def test_a_rule_needs_a_service_type_or_keywords(login, supervisor, department_a):
    response = login(supervisor).post(
        reverse("admin:cases_dispatchrule_add"),
        {"name": "空规则", "sort_order": 1, "active": "on", "keywords": " ",
         "department": department_a.pk},
    )  # fmt: skip

    assert response.status_code == 200
    assert "请至少填写服务类型或关键词之一" in response.content.decode()
    assert not DispatchRule.objects.exists()


def test_a_rule_cannot_send_cases_to_the_dispatch_centre(login, supervisor):
    center = dispatch_center()

    response = login(supervisor).post(
        reverse("admin:cases_dispatchrule_add"),
        {"name": "回分拨", "sort_order": 1, "keywords": "x", "department": center.pk},
    )

    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not DispatchRule.objects.exists()


def test_only_dispatchers_and_supervisors_keep_the_catalogue(
    login, officer_a, head_a, supervisor, dispatcher
):
    assert login(officer_a).get(RULES_URL).status_code == 403
    assert login(head_a).get(RULES_URL).status_code == 403
    assert login(supervisor).get(RULES_URL).status_code == 200
    assert login(dispatcher).get(RULES_URL).status_code == 200


def test_the_case_list_shows_urgent_cases_first_with_a_mark(
    login, officer_a, department_a
):
    older = submit_case(department=department_a, title="紧急的旧诉求").case
    newer = submit_case(department=department_a, title="普通的新诉求").case
    services.case_mark_urgent(case=older, actor=officer_a, reason="人身安全")

    response = login(officer_a).get(CASES_URL)

    assert [c.pk for c in response.context["cl"].result_list] == [older.pk, newer.pk]
    assert '<strong class="case-urgent">紧急</strong> 紧急的旧诉求' in (
        response.content.decode()
    )


def test_the_sign_filter_and_column(login, supervisor, department_a):
    pending = submit_case(department=department_a, title="待签收的诉求").case
    late = submit_case(department=department_a, title="签收超时的诉求").case
    signed = submit_case(department=department_a, title="已签收的诉求").case
    plain = submit_case(department=department_a, title="无需签收的诉求").case
    now = timezone.now()
    Case.objects.filter(pk=pending.pk).update(sign_due_at=now + timedelta(hours=2))
    Case.objects.filter(pk=late.pk).update(sign_due_at=now - timedelta(hours=1))
    Case.objects.filter(pk=signed.pk).update(
        sign_due_at=now - timedelta(hours=1), signed_at=now - timedelta(hours=2)
    )
    client = login(supervisor)

    def listed(value):
        response = client.get(CASES_URL, {"sign": value})
        return {c.pk for c in response.context["cl"].result_list}

    assert listed("pending") == {pending.pk}
    assert listed("overdue") == {late.pk}
    assert listed("signed") == {signed.pk}
    page = client.get(CASES_URL).content.decode()
    assert "签收超时" in page and "已签收" in page and "待签收" in page
    assert plain.pk in {c.pk for c in client.get(CASES_URL).context["cl"].result_list}


def test_the_dispatch_queue_filter(login, dispatcher, officer_a, department_a):
    queued = submit_case(
        department_id=None, title="不知道找谁", content="不知道找谁。"
    ).case
    returned = services.case_send_back(
        case=submit_case(department=department_a).case,
        actor=officer_a, reason="非本部门", basis="职责清单",
    )  # fmt: skip
    submit_case(department=department_a, title="本部门的诉求")
    client = login(dispatcher)

    def listed(value):
        response = client.get(CASES_URL, {"queue": value})
        return {c.pk for c in response.context["cl"].result_list}

    assert listed("all") == {queued.pk, returned.pk}
    assert listed("dispatching") == {queued.pk}
    assert listed("returned") == {returned.pk}


def test_the_case_list_query_count_does_not_grow_with_urgent_rows(
    login, supervisor, department_a, django_assert_max_num_queries
):
    for index in range(3):
        submit_case(department=department_a, title=f"诉求{index}号")
    client = login(supervisor)
    client.get(CASES_URL)  # warm the session and permission caches
    with django_assert_max_num_queries(40) as few:
        client.get(CASES_URL)
    for index in range(10):
        case = submit_case(department=department_a, title=f"更多诉求{index}").case
        services.case_mark_urgent(case=case, actor=supervisor, reason="紧急")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(CASES_URL)


def test_a_dispatcher_works_the_queue_from_the_case_page(
    login, dispatcher, department_a
):
    case = submit_case(
        department_id=None, title="不知道找谁", content="不知道找谁。"
    ).case
    client = login(dispatcher)

    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    offered = [step.name for step, _form in page.context["steps"]]
    assert "dispatch" in offered and "urgent" in offered
    assert "accept" not in offered and "reply" not in offered
    form = next(f for s, f in page.context["steps"] if s.name == "dispatch")
    choices = list(form.fields["to_department"].queryset)
    assert department_a in choices and dispatch_center() not in choices

    _step(client, case, "dispatch", {"to_department": department_a.pk})
    assert (case.status, case.department) == (Status.SUBMITTED, department_a)
    assert case.sign_due_at is not None


def test_an_officer_signs_then_accepts_from_the_case_page(
    login, dispatcher, officer_a, department_a
):
    case = services.case_dispatch(
        case=submit_case(
            department_id=None, title="不知道找谁", content="不知道找谁。"
        ).case,
        to_department_id=department_a.pk,
        actor=dispatcher,
    )
    client = login(officer_a)

    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    offered = [step.name for step, _form in page.context["steps"]]
    assert "sign" in offered and "accept" not in offered

    _step(client, case, "sign")
    assert case.signed_at is not None
    _step(client, case, "accept")
    assert case.status == Status.ACCEPTED


def test_send_back_from_the_page_needs_the_basis_and_saves_nothing_without(
    login, officer_a, department_a
):
    case = submit_case(department=department_a).case
    client = login(officer_a)

    response = _step(client, case, "send_back", {"reason": "非本部门职责"})
    assert case.status == Status.SUBMITTED
    assert response.status_code == 200 or _messages(response)

    _step(
        client, case, "send_back", {"reason": "非本部门职责", "basis": "职责清单第3条"}
    )
    assert (case.status, case.status_before) == (Status.RETURNED, Status.SUBMITTED)


def test_a_dispatcher_refuses_a_return_from_the_case_page(
    login, dispatcher, officer_a, department_a
):
    case = services.case_send_back(
        case=submit_case(department=department_a).case,
        actor=officer_a, reason="非本部门", basis="职责清单",
    )  # fmt: skip
    due_at = case.due_at
    client = login(dispatcher)

    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    offered = [step.name for step, _form in page.context["steps"]]
    assert {"dispatch", "return_refuse"} <= set(offered)
    form = next(f for s, f in page.context["steps"] if s.name == "dispatch")
    assert department_a not in form.fields["to_department"].queryset

    _step(client, case, "return_refuse", {"reason": "职责清单写明属本部门"})
    assert (case.status, case.department, case.due_at) == (
        Status.SUBMITTED,
        department_a,
        due_at,
    )


def test_staff_register_a_caller_who_does_not_know_the_department(
    login, supervisor, department_a
):
    DispatchRule.objects.create(name="医保", keywords="医保", department=department_a)
    client = login(supervisor)
    form = client.get(reverse("admin:cases_case_add")).context["form"]
    assert form.fields["department"].empty_label.startswith("不确定是哪个部门")

    response = client.post(
        reverse("admin:cases_case_add"),
        {"channel": "phone", "kind": "consultation", "department": "",
         "title": "医保报销咨询", "content": "市民来电咨询异地就医报销需要哪些材料。",
         "contact_name": "李先生", "contact_phone": "13900001111"},
    )  # fmt: skip

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.department, case.routed_by.name) == (department_a, "医保")
    assert [e.action for e in case.events.order_by("pk")] == ["submit", "route"]
