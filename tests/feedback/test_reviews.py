"""领导点评: POST and GET /api/v1/leaders/{id}/reviews/."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from feedback import services
from feedback.models import HideReason, LeaderReview, SensitiveWord
from tests.cases.helpers import is_chinese
from tests.factories import DepartmentFactory, LeaderFactory
from tests.feedback.conftest import FRIDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(department_a):
    return LeaderFactory(department=department_a, name="张建国", title="主任")


def url(leader):
    return f"/api/v1/leaders/{leader.pk}/reviews/"


def review(client, leader, ip="10.0.0.1", **body):
    body = {"score": 5, "comment": "接访耐心，问题解决得快。", **body}
    return client.post(url(leader), body, format="json", REMOTE_ADDR=ip)


def test_a_citizen_reviews_a_leader(api_client, leader):
    response = review(api_client, leader, score=4)

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["leader"], body["score"], body["status"]) == (
        leader.pk,
        4,
        "published",
    )
    assert body["comment"] == "接访耐心，问题解决得快。"
    assert "wzw_device" in response.cookies


@pytest.mark.parametrize(
    "body, field",
    [
        ({"score": 0}, "score"),
        ({"score": 6}, "score"),
        ({"comment": ""}, "comment"),
        ({"comment": "   "}, "comment"),
        ({"comment": "长" * 501}, "comment"),
    ],
)
def test_bad_scores_and_comments_are_refused(api_client, leader, body, field):
    response = review(api_client, leader, **body)

    assert response.status_code == 400
    assert is_chinese(response.json()[field][0])
    assert not LeaderReview.objects.exists()


def test_unknown_inactive_or_closed_department_leaders_are_404(api_client):
    retired = LeaderFactory(is_active=False)
    closed = LeaderFactory(department=DepartmentFactory(is_active=False))

    for target in (retired, closed, LeaderFactory.build(pk=999999)):
        assert review(api_client, target).status_code == 404
        assert api_client.get(url(target)).status_code == 404


def test_one_review_per_leader_and_browser_a_day(api_client, leader, freeze_now):
    freeze_now(FRIDAY)
    assert review(api_client, leader).status_code == 201

    again = review(api_client, leader)

    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["同一位领导每天只能点评一次，请明天再来。"]
    }
    freeze_now(FRIDAY + timedelta(days=1))
    assert review(api_client, leader).status_code == 201


def test_reviews_are_throttled_per_ip(leader, rates):
    rates(review="2/hour")
    assert review(APIClient(), leader, ip="10.0.0.5").status_code == 201
    assert review(APIClient(), leader, ip="10.0.0.5").status_code == 201

    response = review(APIClient(), leader, ip="10.0.0.5")

    assert response.status_code == 429
    # Reading is not throttled.
    assert APIClient().get(url(leader), REMOTE_ADDR="10.0.0.5").status_code == 200


def test_the_public_list_shows_published_reviews_and_the_average(api_client, leader):
    SensitiveWord.objects.create(word="骗子")
    for index, (score, comment) in enumerate(
        [(5, "很负责"), (4, "态度好"), (2, "就是个骗子"), (1, "刷的差评")]
    ):
        item = services.review_submit(
            leader=leader,
            score=score,
            comment=comment,
            device_hash=f"device-{index}",
            now=FRIDAY + timedelta(minutes=index),
        )
    services.moderation_hide(actor=None, item=item, reason=HideReason.MALICIOUS)

    body = api_client.get(url(leader), {"page_size": 1}).json()

    # Counted: 5 and 4 (the held 2 waits for review, the malicious 1 is hidden).
    assert body["rating"] == {"average": 4.5, "count": 2}
    assert body["count"] == 2
    assert [r["comment"] for r in body["results"]] == ["态度好"]
    assert set(body["results"][0]) == {"id", "score", "comment", "created_at"}
    assert body["next"]


def test_the_leaders_api_carries_each_leaders_rating(api_client, leader, department_a):
    services.review_submit(leader=leader, score=3, comment="一般", device_hash="a")
    services.review_submit(leader=leader, score=4, comment="还行", device_hash="b")
    other = LeaderFactory(department=department_a, name="李明", title="科长")

    listed = api_client.get("/api/v1/leaders/").json()["results"]
    detail = api_client.get(f"/api/v1/departments/{department_a.pk}/").json()

    ratings = {item["name"]: item["rating"] for item in listed}
    assert ratings == {
        "张建国": {"average": 3.5, "count": 2},
        "李明": {"average": None, "count": 0},
    }
    assert {item["id"]: item["rating"] for item in detail["leaders"]} == {
        leader.pk: {"average": 3.5, "count": 2},
        other.pk: {"average": None, "count": 0},
    }
