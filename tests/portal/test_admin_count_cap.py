"""Back-office lists count their rows only up to ADMIN_LIST_COUNT_CAP.

At a million cases the change list's COUNT(*) alone cost hundreds of milliseconds.
A list past the cap says "N+ 条…", its count queries read at most cap + 1 rows
(a LIMIT), and 下一页 still leads past the cap (kernel/admin_paginator.py).
"""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from feedback.models import SensitiveWord
from kernel.admin_paginator import CappedCountAdmin
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

CASES = "admin:cases_case_changelist"
WORDS = "admin:feedback_sensitiveword_changelist"


def _counts(context) -> list[str]:
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].upper().startswith("SELECT COUNT(")
    ]


def _limit(sql: str) -> int:
    return int(re.findall(r"LIMIT (\d+)", sql)[-1])  # the outer one


@pytest.fixture
def words(monkeypatch, settings):
    """23 words, 4 a page, counted up to 10."""
    settings.ADMIN_LIST_COUNT_CAP = 10
    monkeypatch.setattr(admin.site._registry[SensitiveWord], "list_per_page", 4)
    SensitiveWord.objects.bulk_create(
        SensitiveWord(word=f"词语{index:02}") for index in range(23)
    )


def test_every_registered_list_counts_with_the_cap():
    """A list registered later, ours or a library's, gets the cap by default."""
    assert admin.site.is_registered(User)
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, CappedCountAdmin), model._meta.label


def test_a_list_past_the_cap_says_so_and_counts_no_further(admin_client, words):
    admin_client.get(reverse(WORDS))  # warm the session

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(WORDS), {"q": "词语"})

    page = response.content.decode()
    assert response.status_code == 200
    paginator = re.search(r'<nav class="paginator".*?</nav>', page, re.S).group()
    assert "10+ 条敏感词" in paginator
    assert "23" not in paginator
    # The matching rows, and the whole list beside the search ("共 M 条"): each
    # stops at cap + 1.
    counts = _counts(queries)
    assert [_limit(sql) for sql in counts] == [11, 11], counts
    # The action bar's "select all" does not claim a number it did not count.
    assert "已选 10+ 项" in page
    assert "选择全部 10+ 个敏感词" in page


def test_next_walks_past_the_cap_one_page_at_a_time(admin_client, words):
    response = admin_client.get(reverse(WORDS))
    assert response.context["cl"].count_capped
    seen = []
    while True:
        cl = response.context["cl"]
        seen += [word.word for word in cl.result_list]
        if not cl.next_page_query:
            break
        assert "下一页" in response.content.decode()
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(reverse(WORDS) + cl.next_page_query)
        assert response.status_code == 200
        # Page p counts up to p × 4 + 1 rows past the cap: what its OFFSET reads.
        page_num = response.context["cl"].page_num
        assert _limit(_counts(queries)[0]) == max(10, page_num * 4) + 1

    assert seen == sorted(SensitiveWord.objects.values_list("word", flat=True))
    assert page_num == 6
    last = response.content.decode()
    assert "23 敏感词" in last
    assert "下一页" not in last


def test_a_capped_list_numbers_its_pages_up_to_what_it_counted(admin_client, words):
    response = admin_client.get(reverse(WORDS))
    cl = response.context["cl"]
    # 11 rows counted, 4 a page: pages 1-3 exist, the rest is 下一页's.
    assert list(cl.paginator.get_elided_page_range(1)) == [1, 2, 3, "…"]
    assert str(cl.result_count) == "10+"


def test_below_the_cap_the_list_counts_exactly(admin_client, words, settings):
    settings.ADMIN_LIST_COUNT_CAP = 1000
    response = admin_client.get(reverse(WORDS))
    cl = response.context["cl"]
    assert cl.result_count == 23
    assert not cl.count_capped
    page = response.content.decode()
    assert "23 敏感词" in page
    assert "下一页" not in page
    assert list(cl.paginator.get_elided_page_range(1)) == [1, 2, 3, 4, 5, 6]


def test_show_all_is_not_offered_for_a_capped_list(admin_client, words):
    response = admin_client.get(reverse(WORDS), {"all": ""})
    cl = response.context["cl"]
    assert not cl.can_show_all
    assert len(cl.result_list) == 4
    assert 'class="showall"' not in response.content.decode()


def test_an_officers_case_list_past_the_cap(
    login, officer_a, department_a, settings, monkeypatch, django_assert_max_num_queries
):
    settings.ADMIN_LIST_COUNT_CAP = 3
    monkeypatch.setattr(admin.site._registry[Case], "list_per_page", 2)
    for index in range(5):
        submit_case(department=department_a, title=f"夜间施工噪音{index}")
    client = login(officer_a)
    client.get(reverse(CASES))  # warm the session

    with django_assert_max_num_queries(12) as queries:
        response = client.get(reverse(CASES))

    assert "3+ 条诉求" in response.content.decode()
    # The case list does not count its unfiltered total (show_full_result_count).
    counts = _counts(queries)
    assert [_limit(sql) for sql in counts] == [4]
    # It counts in its own order, walking the index its page walks (an officer's
    # count in no order took the department index from the first department on).
    assert '"cases_case"."is_urgent" DESC' in counts[0]
    assert len(response.context["cl"].result_list) == 2


def test_lists_without_an_index_for_their_order_count_in_no_order(admin_client, words):
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(reverse(WORDS), {"q": "词语"})

    assert all("ORDER BY" not in sql for sql in _counts(queries))


def test_a_search_below_the_cap_counts_exactly_beside_a_capped_total(
    admin_client, words
):
    response = admin_client.get(reverse(WORDS), {"q": "词语2"})

    assert response.context["cl"].result_count == 3
    page = response.content.decode()
    assert "3 条结果" in page
    assert "共 10+ 条" in page
    assert "3 敏感词" in page
