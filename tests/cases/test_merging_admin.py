"""并单, 撤销并单 and 拆分 on the case page (cases/admin/steps_merging.py), and the
并单与拆分 table that links the cases (cases/admin/inlines_merging.py)."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


def _step(case, name):
    return reverse("admin:cases_case_step", args=[case.pk, name])


def _page(case):
    return reverse("admin:cases_case_change", args=[case.pk])


@pytest.fixture
def duplicate(department_a):
    return submit_case(department=department_a, title="幸福路路灯不亮").case


@pytest.fixture
def main(department_a):
    return submit_case(department=department_a, title="幸福路路灯坏了").case


def test_an_officer_merges_a_duplicate_from_its_page(login, officer_a, duplicate, main):
    client = login(officer_a)
    assert _step(duplicate, "merge") in client.get(_page(duplicate)).text

    response = client.post(
        _step(duplicate, "merge"), {"merge-main_case": main.number, "merge-note": ""}
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.MERGED, main)


def test_a_refused_merge_keeps_the_input_and_says_why(login, officer_a, duplicate):
    response = login(officer_a).post(
        _step(duplicate, "merge"), {"merge-main_case": duplicate.number}
    )

    assert response.status_code == 200
    assert "不能把诉求并入它自己" in response.text
    assert f'value="{duplicate.number}"' in response.text
    duplicate.refresh_from_db()
    assert duplicate.status == Status.SUBMITTED


def test_the_pages_link_the_follower_and_its_main(login, officer_a, duplicate, main):
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)
    client = login(officer_a)

    follower_page = client.get(_page(duplicate)).text
    assert "并单与拆分" in follower_page and "并入主件" in follower_page
    assert f'<a href="{_page(main)}">{main.number}</a>' in follower_page
    main_page = client.get(_page(main)).text
    assert "并入本件" in main_page
    assert f'<a href="{_page(duplicate)}">{duplicate.number}</a>' in main_page


def test_a_case_with_no_merge_or_split_has_no_such_table(login, officer_a, main):
    assert "并单与拆分" not in login(officer_a).get(_page(main)).text


def test_an_officer_undoes_a_merge(login, officer_a, duplicate, main):
    services.case_merge(case=duplicate, actor=officer_a, main_number=main.number)

    response = login(officer_a).post(
        _step(duplicate, "unmerge"), {"unmerge-reason": "两件反映的不是同一处"}
    )

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.SUBMITTED, None)


def test_an_officer_splits_a_case_and_the_parent_lists_its_children(
    login, officer_a, main, department_a, department_b
):
    client = login(officer_a)

    response = client.post(
        _step(main, "split"),
        {
            "split-department_1": department_a.pk,
            "split-title_1": "幸福路路灯不亮",
            "split-content_1": "幸福路东段路灯一个星期不亮了。",
            "split-department_2": department_b.pk,
            "split-title_2": "幸福路垃圾堆放",
            "split-content_2": "幸福路东段路边垃圾堆放无人清运。",
        },
    )

    assert response.status_code == 302
    children = list(main.children.order_by("pk"))
    assert [child.department for child in children] == [department_a, department_b]
    page = client.get(_page(main)).text
    assert page.count("拆分出") == 2
    child_page = client.get(_page(children[0])).text
    assert "拆分自" in child_page


def test_a_split_with_no_child_text_is_refused(login, officer_a, main):
    response = login(officer_a).post(_step(main, "split"), {})

    assert response.status_code == 200
    assert "请至少填写一件拆分后的诉求内容" in response.text
    main.refresh_from_db()
    assert main.status == Status.SUBMITTED


def test_a_half_filled_child_row_is_refused_naming_it(
    login, officer_a, main, department_b
):
    response = login(officer_a).post(
        _step(main, "split"),
        {"split-department_1": department_b.pk, "split-title_1": "幸福路垃圾堆放"},
    )

    assert response.status_code == 200
    assert "第 1 件：请填写内容" in response.text
    assert not main.children.exists()


def test_the_list_merges_the_selected_duplicates_into_one_main(
    login, officer_a, duplicate, main, department_a
):
    other = submit_case(department=department_a).case

    login(officer_a).post(
        reverse("admin:cases_case_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [duplicate.pk, other.pk],
            "apply": "1",
            "main_case": main.number,
            "note": "",
        },
    )

    assert set(main.merged_cases.values_list("pk", flat=True)) == {
        duplicate.pk,
        other.pk,
    }


def _main_page_queries(client, main, department, officer, followers) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(followers):
        duplicate = submit_case(department=department).case
        services.case_merge(case=duplicate, actor=officer, main_number=main.number)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_page(main)).status_code == 200
    return len(queries)


def test_the_table_costs_the_same_queries_for_one_merged_case_or_many(
    login, officer_a, department_a
):
    client = login(officer_a)
    one = submit_case(department=department_a).case
    many = submit_case(department=department_a).case
    client.get(_page(one))  # the session's and the site's first-request costs

    assert _main_page_queries(
        client, one, department_a, officer_a, 1
    ) == _main_page_queries(client, many, department_a, officer_a, 4)
