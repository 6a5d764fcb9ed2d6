"""Summaries against hand-computed numbers, and their constant query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from feedback import selectors, services
from feedback.models import DepartmentImpression, HideReason, SensitiveWord
from tests.factories import DepartmentFactory, LeaderFactory
from tests.feedback.conftest import FRIDAY, answered_case

pytestmark = pytest.mark.django_db


def add(department, score, *, tags=(), comment="", minutes=0, device=None):
    return services.impression_submit(
        department=department,
        score=score,
        tag_ids=[tag.pk for tag in tags],
        comment=comment,
        device_hash=device or f"device-{department.pk}-{minutes}",
        now=FRIDAY + timedelta(minutes=minutes),
    )


def test_the_department_summary_matches_hand_computed_numbers(department_a, tags):
    SensitiveWord.objects.create(word="骗子")
    fast, warm, clear, slow = (
        tags[n] for n in ("办事高效", "态度热情", "流程清晰", "等待时间长")
    )
    add(department_a, 5, tags=[fast, warm], comment="很快", minutes=1)
    add(department_a, 4, tags=[fast], comment="", minutes=2)
    add(department_a, 4, tags=[fast, clear], comment="清楚", minutes=3)
    add(department_a, 2, tags=[slow], comment="排队久", minutes=4)
    rude = add(department_a, 3, tags=[slow], comment="脏话", minutes=5)
    stuffed = add(department_a, 1, tags=[slow, warm], comment="刷", minutes=6)
    add(department_a, 1, tags=[slow], comment="都是骗子", minutes=7)  # held
    services.moderation_hide(actor=None, item=rude, reason=HideReason.IMPROPER)
    services.moderation_hide(actor=None, item=stuffed, reason=HideReason.VOTE_STUFFING)

    summary = selectors.department_impression_summaries(
        department_ids=[department_a.pk], now=FRIDAY + timedelta(hours=1)
    )[department_a.pk]

    # Counted: 5, 4, 4, 2 and the rudely worded 3 => 18 / 5.
    assert summary["count"] == 5
    assert summary["average"] == 3.6
    assert summary["distribution"] == {1: 0, 2: 1, 3: 1, 4: 2, 5: 1}
    # Tags of counted impressions only: 办事高效 3, 等待时间长 2, then 1s by name.
    assert summary["top_tags"] == [
        {"name": "办事高效", "count": 3},
        {"name": "等待时间长", "count": 2},
        {"name": "态度热情", "count": 1},
        {"name": "流程清晰", "count": 1},
    ]
    # Published, non-empty, newest first, three at most.
    assert [c["comment"] for c in summary["recent_comments"]] == [
        "排队久",
        "清楚",
        "很快",
    ]
    assert summary["recent_comments"][0]["score"] == 2


def test_top_tags_stop_at_five_and_old_comments_are_not_recent(department_a):
    from feedback.models import ImpressionTag

    many = [ImpressionTag.objects.create(name=f"标签{i}") for i in range(7)]
    add(department_a, 5, tags=many[:5], comment="旧留言", minutes=0)
    add(department_a, 5, tags=many[2:], minutes=1)

    summary = selectors.department_impression_summaries(
        department_ids=[department_a.pk], now=FRIDAY + timedelta(days=91)
    )[department_a.pk]

    assert len(summary["top_tags"]) == 5
    assert summary["top_tags"][:3] == [
        {"name": f"标签{i}", "count": 2} for i in (2, 3, 4)
    ]
    assert summary["recent_comments"] == []


def test_a_department_without_impressions_has_an_empty_summary(department_a):
    assert selectors.department_impression_summaries(
        department_ids=[department_a.pk]
    ) == {
        department_a.pk: {
            "average": None,
            "count": 0,
            "distribution": {1: 0, 2: 0, 3: 0, 4: 0, 5: 0},
            "top_tags": [],
            "recent_comments": [],
        }
    }


def test_satisfaction_rates_count_satisfied_among_non_void_ratings(
    department_a, department_b, officer_a, supervisor
):
    levels_a = [5, 4, 3, 2, 1, 5]
    evaluations = []
    for level in levels_a:
        case, _ = answered_case(department_a)
        evaluations.append(services.evaluation_submit(case=case, level=level))
    case, _ = answered_case(department_b)
    services.evaluation_submit(case=case, level=3)
    empty = DepartmentFactory()

    rates = selectors.satisfaction_rates(
        department_ids=[department_a.pk, department_b.pk, empty.pk]
    )

    assert rates == {
        department_a.pk: {"rated": 6, "satisfied": 3, "rate": 0.5},
        department_b.pk: {"rated": 1, "satisfied": 0, "rate": 0.0},
        empty.pk: {"rated": 0, "satisfied": 0, "rate": None},
    }
    # The rated department appeals; a supervisor voids the rating.
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluations[0], reason="误评"
    )
    services.appeal_decide(actor=supervisor, appeal=appeal, void=True)
    # Without ids: every department with a rating, for the dashboard.
    assert selectors.satisfaction_rates() == {
        department_a.pk: {"rated": 5, "satisfied": 2, "rate": 0.4},
        department_b.pk: {"rated": 1, "satisfied": 0, "rate": 0.0},
    }


def test_the_department_api_carries_the_summaries(
    api_client, department_a, tags, freeze_now
):
    freeze_now(FRIDAY + timedelta(hours=1))  # the comments stay "recent"
    add(department_a, 5, tags=[tags["办事高效"]], comment="很好", minutes=1)
    add(department_a, 2, comment="太慢", minutes=2)
    case, _ = answered_case(department_a)
    services.evaluation_submit(case=case, level=4)

    listed = api_client.get("/api/v1/departments/").json()["results"][0]
    detail = api_client.get(f"/api/v1/departments/{department_a.pk}/").json()

    for body in (listed, detail):
        assert body["impressions"]["average"] == 3.5
        assert body["impressions"]["count"] == 2
        assert body["impressions"]["distribution"] == {
            "1": 0,
            "2": 1,
            "3": 0,
            "4": 0,
            "5": 1,
        }
        assert body["impressions"]["top_tags"] == [{"name": "办事高效", "count": 1}]
        assert body["impressions"]["recent_comments"][0]["comment"] == "太慢"
        assert body["impressions"]["recent_comments"][0]["created_at"].endswith(
            "+08:00"
        )
        assert body["satisfaction"] == {"rated": 1, "rate": 1.0}


def _department_with_feedback(index):
    department = DepartmentFactory()
    LeaderFactory(department=department)
    for score in (5, 3):
        services.impression_submit(
            department=department,
            score=score,
            comment="留言",
            device_hash=f"{index}-{score}",
        )
    case, _ = answered_case(department, now=timezone.now())
    services.evaluation_submit(case=case, level=5)
    return department


@pytest.mark.parametrize("count", [5, 30])
def test_the_department_list_with_summaries_keeps_a_constant_query_count(
    api_client, django_assert_num_queries, count
):
    for index in range(count):
        _department_with_feedback(index)

    # The page (count and rows), impressions (3), satisfaction (1).
    with django_assert_num_queries(6):
        response = api_client.get("/api/v1/departments/", {"page_size": 100})

    results = response.json()["results"]
    assert len(results) == count
    assert all(d["impressions"]["count"] == 2 for d in results)
    assert all(d["satisfaction"]["rate"] == 1.0 for d in results)


def test_leader_summaries_count_only_counted_reviews(department_a):
    leader, quiet = LeaderFactory.create_batch(2, department=department_a)
    for index, score in enumerate([5, 4, 1]):
        review = services.review_submit(
            leader=leader, score=score, comment="评价", device_hash=str(index)
        )
    services.moderation_hide(actor=None, item=review, reason=HideReason.MALICIOUS)

    assert selectors.leader_review_summaries(leader_ids=[leader.pk, quiet.pk]) == {
        leader.pk: {"average": 4.5, "count": 2},
        quiet.pk: {"average": None, "count": 0},
    }
    assert DepartmentImpression.objects.count() == 0
