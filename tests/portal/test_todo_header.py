"""The 待办 in the admin header: counts per role, scoped by the access policy,
each linking to the filtered list (portal/todo.py)."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db


def header(client) -> dict[str, tuple[int, str]]:
    cache.clear()  # the counts are cached for a minute per user
    page = client.get(reverse("admin:index")).content.decode()
    return {
        key: (int(count), url.replace("&amp;", "&"))
        for url, key, count in re.findall(
            r'<a href="([^"]+)" data-todo="(\w+)">[^<]*<span class="todo-count">(\d+)',
            page,
        )
    }


@pytest.fixture
def cases(department_a, department_b, officer_a):
    now = timezone.now()
    new_a = submit_case(department=department_a).case
    late_a = submit_case(department=department_a).case
    Case.objects.filter(pk=late_a.pk).update(due_at=now - timedelta(hours=1))
    soon_b = submit_case(department=department_b).case
    Case.objects.filter(pk=soon_b.pk).update(due_at=now + timedelta(hours=3))
    waiting = services.case_transition(case=new_a, to_status="accepted")
    services.extension_request(case=waiting, actor=officer_a, days=2, reason="核查")


def test_officer_a_sees_the_counts_of_department_a(login, officer_a, cases):
    counts = header(login(officer_a))

    assert {key: count for key, (count, _url) in counts.items()} == {
        "new": 1,
        "overdue": 1,
    }
    assert counts["new"][1] == (
        reverse("admin:cases_case_changelist") + "?status__exact=submitted"
    )
    assert counts["overdue"][1].endswith("?deadline=overdue")


def test_officer_b_sees_only_department_b(login, officer_b, cases):
    counts = header(login(officer_b))

    assert {key: count for key, (count, _url) in counts.items()} == {
        "new": 1,
        "due_soon": 1,
    }


def test_the_head_also_sees_extensions_to_decide(login, head_a, cases):
    counts = header(login(head_a))

    assert counts["extensions"] == (
        1,
        reverse("admin:cases_case_changelist") + "?extension=pending",
    )


def test_the_supervisor_sees_every_department(login, supervisor, cases):
    counts = header(login(supervisor))

    assert {key: count for key, (count, _url) in counts.items()} == {
        "new": 2,
        "due_soon": 1,
        "overdue": 1,
        "extensions": 1,
    }


def test_each_link_opens_the_list_it_counts(login, supervisor, cases):
    client = login(supervisor)
    for key, (count, url) in header(client).items():
        page = client.get(url)
        assert page.status_code == 200, key
        assert len(page.context["cl"].result_list) == count, key


def test_rectifications_waiting_for_their_callback_are_counted(
    login, officer_a, officer_b, department_a
):
    from feedback import services as feedback_services

    case = submit_case(department=department_a).case
    case = services.case_transition(case=case, to_status="accepted")
    case = services.case_transition(case=case, to_status="replied", reply="已答复。")
    feedback_services.evaluation_submit(case=case, level=1)

    count, url = header(login(officer_a))["rectifications"]
    assert count == 1
    assert url == (
        reverse("admin:feedback_rectification_changelist") + "?progress=contact"
    )
    assert "rectifications" not in header(login(officer_b))


def test_the_counts_cost_at_most_three_queries_once_a_minute(login, officer_a, cases):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(officer_a)
    url = reverse("admin:index")
    client.get(url)  # warm the session and the page's own caches
    cache.delete(f"portal:todo:{officer_a.pk}")
    with CaptureQueriesContext(connection) as counted:
        client.get(url)
    with CaptureQueriesContext(connection) as cached:
        client.get(url)

    # The extension grants, the cases' aggregate, the rectifications' count;
    # then nothing for a minute.
    assert len(counted.captured_queries) - len(cached.captured_queries) <= 3


def test_nobody_signed_out_sees_a_header(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "todo-header" not in page


def test_an_extension_still_waiting_after_the_answer_is_counted(
    login, head_a, officer_a, department_a
):
    # The counts read the cases in hand through their index and the pending
    # requests from their side: an answered case's request must not drop out.
    case = services.case_transition(
        case=submit_case(department=department_a).case, to_status="accepted"
    )
    services.extension_request(case=case, actor=officer_a, days=2, reason="核查")
    services.case_transition(case=case, to_status="replied", reply="已答复。")

    counts = header(login(head_a))

    assert counts["extensions"][0] == 1
    assert "new" not in counts
