"""知识库 for citizens: search, read (counted), 有用 / 没用 once a day, 已解决 with
no case, and the questions nobody answered kept masked."""

import pytest

from cases.models import Case
from knowledge.models import Entry, KnowledgeDayCount, UnansweredQuestion
from tests.knowledge.conftest import make_entry

pytestmark = pytest.mark.django_db


def test_the_list_searches_and_filters_by_department(
    api_client, department_a, department_b
):
    make_entry(question="低保怎么申请？", keywords="低保", department=department_a)
    make_entry(question="低保标准是多少？", keywords="低保", department=department_b)
    make_entry(question="婚姻登记", keywords="结婚", department=department_a)

    found = api_client.get(
        "/api/v1/knowledge/", {"search": "低保", "department": department_a.pk}
    )

    assert [e["question"] for e in found.json()["results"]] == ["低保怎么申请？"]


def test_reading_an_entry_counts_a_view_and_a_hit(api_client, department_a):
    entry = make_entry(question="医保报销", department=department_a)

    body = api_client.get(f"/api/v1/knowledge/{entry.pk}/").json()

    assert body["answer"] == "请到窗口办理。"
    entry.refresh_from_db()
    assert entry.views == 1
    assert KnowledgeDayCount.objects.get(department_id=department_a.pk).views == 1


@pytest.mark.parametrize("status", [Entry.Status.DRAFT, Entry.Status.WITHDRAWN])
def test_an_entry_not_published_is_a_404(api_client, db, status):
    entry = make_entry(question="草稿", status=status)
    response = api_client.get(f"/api/v1/knowledge/{entry.pk}/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_one_vote_per_device_and_day(api_client, db):
    entry = make_entry(question="公积金提取")
    url = f"/api/v1/knowledge/{entry.pk}/vote/"

    first = api_client.post(url, {"helpful": True}, format="json")
    again = api_client.post(url, {"helpful": False}, format="json")

    assert first.status_code == 200 and first.json()["helpful_count"] == 1
    assert again.status_code == 400
    assert "今天已经评价过" in str(again.json())
    entry.refresh_from_db()
    assert (entry.helpful_count, entry.unhelpful_count) == (1, 0)


def test_a_vote_without_its_field_names_it_in_chinese(api_client, db):
    entry = make_entry(question="公积金提取")
    response = api_client.post(
        f"/api/v1/knowledge/{entry.pk}/vote/", {"helpful": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert "helpful" in response.json()


def test_resolved_counts_self_service_once_and_creates_no_case(
    api_client, department_a
):
    entry = make_entry(question="社保卡补办", department=department_a)
    url = f"/api/v1/knowledge/{entry.pk}/resolved/"

    first = api_client.post(url, {"kind": "consultation"}, format="json").json()
    again = api_client.post(url, {"kind": "consultation"}, format="json").json()

    assert (first, again) == ({"counted": True}, {"counted": False})
    assert KnowledgeDayCount.objects.get(department_id=department_a.pk).self_served == 1
    assert Case.objects.count() == 0


def test_a_search_that_finds_nothing_is_kept_masked(api_client, db):
    api_client.get("/api/v1/knowledge/", {"search": "养犬登记 13812345678"})
    api_client.get("/api/v1/knowledge/", {"search": "养犬登记 13812345678"})

    kept = UnansweredQuestion.objects.get()
    assert kept.times == 2
    assert "13812345678" not in kept.text and kept.text.startswith("养犬登记")


def test_a_question_asked_on_purpose_and_unanswered_is_kept(api_client, db):
    api_client.get("/api/v1/knowledge/suggest/", {"q": "养犬登记", "ask": "true"})
    api_client.get("/api/v1/knowledge/suggest/", {"q": "养犬登", "ask": "false"})

    assert list(UnansweredQuestion.objects.values_list("text", "times")) == [
        ("养犬登记", 1)
    ]


def test_the_demo_has_about_forty_entries_across_the_departments(demo):
    from knowledge.demo import seed_knowledge

    entries = Entry.objects.filter(status=Entry.Status.PUBLISHED)
    assert 35 <= entries.count() <= 50
    assert entries.values("department").distinct().count() == 8  # seven and the city
    assert seed_knowledge() == entries.count()  # a second run adds nothing


def test_unanswered_questions_are_forgotten_after_ninety_days(db):
    from datetime import timedelta

    from django.utils import timezone

    from knowledge import services

    now = timezone.now()
    services.unanswered_record(text="养犬登记", now=now - timedelta(days=91))
    services.unanswered_record(text="公厕开放时间", now=now - timedelta(days=89))

    assert services.unanswered_purge(now=now) == 1
    assert list(UnansweredQuestion.objects.values_list("text", flat=True)) == [
        "公厕开放时间"
    ]
