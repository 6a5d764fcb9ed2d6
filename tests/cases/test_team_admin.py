"""承办人 and 协办 in the back office: the 我的待办 filter and 承办人 column of the
case list, the header's 分配给我, the assign / invite / opinion steps on the
case page, and what a co-handling officer sees there."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CoHandling
from departments import services as department_services
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status
LIST_URL = reverse("admin:cases_case_changelist")


def _page_url(case):
    return reverse("admin:cases_case_change", args=[case.pk])


def _step(client, case, step, data):
    url = reverse("admin:cases_case_step", args=[case.pk, step])
    return client.post(url, {f"{step}-{k}": v for k, v in data.items()})


def _form(response, step_name):
    """The form of an offered step on the case page."""
    return {step.name: form for step, form in response.context["steps"]}[step_name]


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


@pytest.fixture
def zhang(officer_a):
    officer_a.last_name, officer_a.first_name = "张", "三"
    officer_a.save(update_fields=["last_name", "first_name"])
    return officer_a


@pytest.fixture
def li(django_user_model, department_a):
    user = django_user_model.objects.create_user(
        username="li_si", password="pass-12345!", last_name="李", first_name="四"
    )
    department_services.staff_grant(user=user, department=department_a, role="officer")
    return user


def _case(department, title="社保卡补办咨询"):
    return submit_case(department=department, title=title).case


# The list -----------------------------------------------------------------------


@pytest.fixture
def todo_cases(department_a, department_b, head_a, zhang, li):
    mine = _case(department_a, "分给张三的诉求")
    services.case_assign(case=mine, actor=head_a, assignee=zhang)
    theirs = _case(department_a, "分给李四的诉求")
    services.case_assign(case=theirs, actor=head_a, assignee=li)
    answered = _case(department_a, "张三已答复的诉求")
    services.case_assign(case=answered, actor=head_a, assignee=zhang)
    Case.objects.filter(pk=answered.pk).update(status=Status.REPLIED)
    unassigned = _case(department_a, "本部门未分配的诉求")
    elsewhere = _case(department_b, "其他部门未分配的诉求")
    return {
        "mine": mine,
        "theirs": theirs,
        "answered": answered,
        "unassigned": unassigned,
        "elsewhere": elsewhere,
    }


def _listed(client, **query):
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return {case.pk for case in response.context["cl"].result_list}


def test_my_todo_lists_the_cases_assigned_to_me_still_in_hand(login, zhang, todo_cases):
    assert _listed(login(zhang), todo="mine") == {todo_cases["mine"].pk}


def test_my_todo_lists_the_unassigned_cases_of_my_departments(login, zhang, todo_cases):
    assert _listed(login(zhang), todo="unassigned") == {todo_cases["unassigned"].pk}


def test_all_leaves_the_list_as_it_was(login, zhang, todo_cases):
    assert _listed(login(zhang)) == {
        todo_cases[key].pk for key in ("mine", "theirs", "answered", "unassigned")
    }


def test_the_list_names_the_assignee_not_their_username(login, zhang, todo_cases):
    html = login(zhang).get(LIST_URL).content.decode()

    assert "承办人" in html
    assert "张三" in html and "李四" in html
    assert "li_si" not in html


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST_URL).status_code == 200
    return len(queries)


def test_the_assignee_column_costs_no_query_a_row(login, department_a, head_a, li):
    client = login(head_a)
    case = _case(department_a)
    services.case_assign(case=case, actor=head_a, assignee=li)
    _list_queries(client)  # warm the header's cached 待办
    one = _list_queries(client)
    for _ in range(4):
        services.case_assign(case=_case(department_a), actor=head_a, assignee=li)

    assert _list_queries(client) == one


def test_the_header_counts_the_cases_assigned_to_me(login, zhang, todo_cases):
    html = login(zhang).get(LIST_URL).content.decode()

    assert "分配给我" in html
    assert f"{LIST_URL}?todo=mine" in html


# The case page: assigning ------------------------------------------------------


def test_the_assign_form_offers_only_the_departments_officers(
    login, department_a, head_a, zhang, li, officer_b, supervisor
):
    case = _case(department_a)

    response = login(head_a).get(_page_url(case))

    form = _form(response, "assign")
    choices = {label for value, label in form.fields["assignee"].choices if value}
    assert choices == {"张三", "李四", "head_a"}


def test_a_head_assigns_from_the_case_page_and_the_timeline_shows_it(
    login, department_a, head_a, zhang
):
    case = _case(department_a)
    client = login(head_a)

    response = _step(client, case, "assign", {"assignee": zhang.pk})

    assert response.status_code == 302
    assert "承办人已指定为 张三" in _messages(response)
    case.refresh_from_db()
    assert case.assignee == zhang
    html = client.get(_page_url(case)).content.decode()
    assert "指定承办人：张三" in html
    assert "head_a（部门负责人·" in html  # the actor, by display name


def test_assigning_someone_outside_the_department_is_refused_on_the_form(
    login, department_a, head_a, officer_b
):
    case = _case(department_a)

    response = _step(login(head_a), case, "assign", {"assignee": officer_b.pk})

    # Not among the choices: the form refuses before the service would.
    assert response.status_code == 200
    assert any(message.startswith("指定承办人：") for message in _messages(response))
    case.refresh_from_db()
    assert case.assignee is None


# The case page: co-handling ----------------------------------------------------


def test_the_main_department_invites_and_the_page_lists_the_rows(
    login, department_a, department_b, officer_a
):
    case = services.case_transition(
        case=_case(department_a), to_status=Status.ACCEPTED, actor=officer_a
    )
    client = login(officer_a)

    response = _step(
        client,
        case,
        "co_handle_invite",
        {"departments": [department_b.pk], "note": "请核实管网权属"},
    )

    assert response.status_code == 302
    assert CoHandling.objects.filter(case=case, department=department_b).exists()
    html = client.get(_page_url(case)).content.decode()
    assert "协办时限" in html and department_b.short_name in html


def test_the_invite_form_leaves_out_the_own_and_invited_departments(
    login, department_a, department_b, officer_a
):
    case = services.case_transition(
        case=_case(department_a), to_status=Status.ACCEPTED, actor=officer_a
    )
    services.co_handling_invite(
        case=case, actor=officer_a, department_ids=[department_b.pk]
    )

    response = login(officer_a).get(_page_url(case))

    form = _form(response, "co_handle_invite")
    offered = set(form.fields["departments"].queryset)
    assert department_a not in offered and department_b not in offered


@pytest.fixture
def invited(department_a, department_b, officer_a):
    case = services.case_transition(
        case=_case(department_a), to_status=Status.ACCEPTED, actor=officer_a
    )
    services.co_handling_invite(
        case=case, actor=officer_a, department_ids=[department_b.pk]
    )
    return case


def test_officer_b_cannot_open_the_case_before_the_invitation(
    login, department_a, officer_b
):
    case = _case(department_a)

    assert login(officer_b).get(_page_url(case)).status_code == 404


def test_a_co_handler_is_offered_only_the_opinion_step(login, invited, officer_b):
    response = login(officer_b).get(_page_url(invited))

    assert response.status_code == 200
    assert [step.name for step, _ in response.context["steps"]] == ["co_handle_opinion"]
    html = response.content.decode()
    assert "13812345678" not in html and "王小明" not in html
    # Masked, and no button that could only answer 404.
    assert "138****5678" in html
    assert "查看完整联系方式" not in html


def test_the_handling_department_still_has_the_reveal_button(login, invited, officer_a):
    html = login(officer_a).get(_page_url(invited)).content.decode()

    assert "查看完整联系方式" in html


def test_a_co_handler_cannot_reveal_the_contact_from_the_page(
    login, invited, officer_b
):
    url = reverse("admin:cases_case_contact", args=[invited.pk])

    response = login(officer_b).post(url)

    assert response.status_code == 404
    assert "13812345678" not in response.content.decode()


def test_a_co_handler_posting_another_step_is_refused(login, invited, officer_b):
    response = _step(login(officer_b), invited, "reply", {"reply": "代为答复"})

    assert response.status_code == 302
    assert _messages(response) == ["当前状态下不能执行“答复”。"]
    invited.refresh_from_db()
    assert invited.status == Status.ACCEPTED


def test_a_co_handler_answers_from_the_page_once(login, invited, officer_b):
    client = login(officer_b)

    response = _step(client, invited, "co_handle_opinion", {"opinion": "已安排疏通"})

    assert response.status_code == 302
    row = CoHandling.objects.get(case=invited)
    assert (row.opinion, row.answered_by) == ("已安排疏通", officer_b)
    page = client.get(_page_url(invited))
    assert page.context["steps"] == []
    assert "已安排疏通" in page.content.decode()
