"""GET /api/v1/knowledge/suggest/: answers before asking, with why each matched."""

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledge.models import Entry
from tests.cases.test_public_list import answered_case
from tests.knowledge.conftest import make_entry

pytestmark = pytest.mark.django_db

URL = "/api/v1/knowledge/suggest/"


def test_a_consultation_as_typed_finds_the_entry_by_the_words_in_it(api_client, demo):
    body = api_client.get(
        URL, {"q": "我的社保卡前天丢了，去哪里补办，要带什么", "kind": "consultation"}
    ).json()

    assert body["entries"][0]["question"] == "社保卡丢了怎么补办？"
    assert "含“社保卡”" in body["entries"][0]["reasons"]
    assert "社保卡" in body["terms"] and "补办" in body["terms"]
    # The full answer comes with it: the citizen reads it without another request.
    assert "社会保障窗口" in body["entries"][0]["answer"]


def test_a_synonym_is_said_as_the_reason(api_client, demo):
    body = api_client.get(URL, {"q": "退休需要准备什么"}).json()
    first = body["entries"][0]
    assert first["question"] == "退休手续怎么办理？需要什么材料？"
    services = [s["name"] for s in body["services"]]
    assert "退休审批与养老保险待遇" in services


def test_only_published_entries_within_their_validity_are_suggested(api_client, db):
    today = timezone.localdate()
    make_entry(question="公积金提取怎么办？", keywords="公积金提取")
    make_entry(
        question="公积金提取草稿", keywords="公积金提取", status=Entry.Status.DRAFT
    )
    make_entry(
        question="公积金提取已撤回",
        keywords="公积金提取",
        status=Entry.Status.WITHDRAWN,
    )
    make_entry(
        question="公积金提取旧政策",
        keywords="公积金提取",
        valid_until=today - timedelta(days=1),
    )
    make_entry(
        question="公积金提取新政策",
        keywords="公积金提取",
        valid_from=today + timedelta(days=1),
    )

    body = api_client.get(URL, {"q": "公积金提取"}).json()

    assert [e["question"] for e in body["entries"]] == ["公积金提取怎么办？"]


def test_a_department_sees_its_own_and_the_city_wide_entries(
    api_client, department_a, department_b
):
    make_entry(question="A部门的答复", keywords="补贴申领", department=department_a)
    make_entry(question="B部门的答复", keywords="补贴申领", department=department_b)
    make_entry(question="全市通用答复", keywords="补贴申领")

    body = api_client.get(URL, {"q": "补贴申领", "department": department_a.pk}).json()

    assert sorted(e["question"] for e in body["entries"]) == [
        "A部门的答复",
        "全市通用答复",
    ]


def test_more_of_the_words_and_the_question_rank_higher(api_client, db):
    make_entry(question="停车收费标准", answer="按小时收费。", keywords="停车")
    make_entry(question="小区停车位租赁", answer="物业负责。", keywords="停车位 租赁")
    make_entry(question="其他问题", answer="停车位租赁请找物业。")

    body = api_client.get(URL, {"q": "小区停车位租赁多少钱"}).json()

    assert [e["question"] for e in body["entries"]][:2] == [
        "小区停车位租赁",
        "其他问题",
    ]


def test_similar_answered_letters_come_with_their_reason_and_without_personal_data(
    api_client, department_a
):
    letter = answered_case(
        department=department_a,
        title="夜间施工噪音扰民",
        content="工地夜里施工，噪音很大。",
        contact_name="张小三",
        contact_phone="13900001111",
        kind="complaint",
        complainee="某某建筑公司",
    )
    make_entry(question="噪音投诉", keywords="噪音")

    body = api_client.get(URL, {"q": "楼下噪音太吵了"}).json()

    assert [item["number"] for item in body["letters"]] == [letter.number]
    assert body["letters"][0]["reasons"] == ["含“噪音”"]
    text = str(body)
    for personal in ("张小三", "13900001111", "某某建筑公司"):
        assert personal not in text


def test_a_long_text_is_cut_not_refused_and_nothing_known_finds_nothing(
    api_client, demo
):
    response = api_client.get(URL, {"q": "啊" * 5000})
    assert response.status_code == 200
    assert response.json() == {
        "terms": [],
        "entries": [],
        "letters": [],
        "services": [],
    }


def test_a_bad_kind_is_a_chinese_400_naming_the_field(api_client, db):
    response = api_client.get(URL, {"q": "社保", "kind": "poem"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_suggestions_are_throttled(api_client, db, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(
        SimpleRateThrottle,
        "THROTTLE_RATES",
        {**SimpleRateThrottle.THROTTLE_RATES, "knowledge_suggest": "2/hour"},
    )
    codes = [api_client.get(URL, {"q": "社保"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_html_in_an_entry_comes_back_as_the_text_it_is(api_client, db):
    make_entry(
        question="医保报销",
        keywords="医保报销",
        answer="<script>alert(1)</script>见 https://example.org",
    )
    body = api_client.get(URL, {"q": "医保报销"}).json()
    assert (
        body["entries"][0]["answer"]
        == "<script>alert(1)</script>见 https://example.org"
    )


def test_a_suggestion_costs_a_fixed_number_of_queries(
    api_client, demo, django_assert_max_num_queries
):
    api_client.get(URL, {"q": "社保卡补办"})  # the known words loaded
    # The entries, the letters (on PostgreSQL a look at the newest 500 first,
    # then the page), the services: four at most, whatever the sizes.
    with django_assert_max_num_queries(4):
        body = api_client.get(URL, {"q": "社保卡补办要带什么"}).json()
    assert body["entries"]


def test_the_first_suggestion_after_a_change_loads_both_tables(api_client, demo):
    """The automaton holds the synonyms: loading it loads them too, under the one
    lock (a plain lock deadlocked here)."""
    from knowledge import terms

    terms._loaded.clear()
    body = api_client.get(URL, {"q": "社保卡补办"}).json()
    assert body["entries"]
