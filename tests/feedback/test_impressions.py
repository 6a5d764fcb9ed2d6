"""POST /api/v1/departments/{id}/impressions/: 市民印象, one per browser and day."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from feedback import services
from feedback.models import DepartmentImpression, ModerationLog, SensitiveWord
from kernel.device import COOKIE_NAME
from tests.cases.helpers import is_chinese
from tests.factories import DepartmentFactory
from tests.feedback.conftest import FRIDAY

pytestmark = pytest.mark.django_db


def url(department):
    return f"/api/v1/departments/{department.pk}/impressions/"


def impress(api_client, department, ip="10.0.0.1", **body):
    body = {"score": 5, **body}
    return api_client.post(url(department), body, format="json", REMOTE_ADDR=ip)


def test_it_records_an_impression_and_sets_the_device_cookie(
    api_client, department_a, tags
):
    response = impress(
        api_client,
        department_a,
        score=4,
        tags=[tags["办事高效"].pk, tags["流程清晰"].pk],
        comment="  材料一次就告知清楚了。 ",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["score"] == 4
    assert sorted(body["tags"]) == ["办事高效", "流程清晰"]
    assert body["comment"] == "材料一次就告知清楚了。"
    assert (body["status"], body["status_label"]) == ("published", "已发布")
    assert body["notice"] == "感谢您的评价。"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    impression = DepartmentImpression.objects.get()
    assert impression.counts_in_average
    # Only a digest of the device id is stored, never the cookie.
    assert len(impression.device_hash) == 64
    assert impression.device_hash not in cookie.value
    assert cookie.value.split(":")[0] not in impression.device_hash


@pytest.mark.parametrize("score", [0, 6, -1, "五"])
def test_a_score_out_of_range_is_refused_in_chinese(api_client, department_a, score):
    response = impress(api_client, department_a, score=score)

    assert response.status_code == 400
    assert is_chinese(response.json()["score"][0])
    assert not DepartmentImpression.objects.exists()


def test_the_service_refuses_a_score_out_of_range_too(department_a):
    with pytest.raises(ValidationError) as error:
        services.impression_submit(department=department_a, score=9, device_hash="x")
    assert error.value.message_dict == {"score": ["评分须为 1 到 5 分。"]}


def test_an_unknown_or_inactive_department_is_404(api_client):
    closed = DepartmentFactory(is_active=False)

    for target in (closed, DepartmentFactory.build(pk=999999)):
        response = impress(api_client, target)
        assert response.status_code == 404
        assert response.json()["detail"] == "未找到。"
    assert not DepartmentImpression.objects.exists()


def test_unknown_inactive_or_too_many_tags_are_refused(api_client, department_a, tags):
    inactive = impress(api_client, department_a, tags=[tags["已停用"].pk])
    unknown = impress(api_client, department_a, tags=[999999])
    too_many = impress(api_client, department_a, tags=list(range(1, 7)))

    assert inactive.json() == {"tags": ["所选印象标签不存在或已停用。"]}
    assert unknown.json() == {"tags": ["所选印象标签不存在或已停用。"]}
    assert too_many.status_code == 400 and is_chinese(too_many.json()["tags"][0])
    assert not DepartmentImpression.objects.exists()


def test_a_comment_over_200_characters_is_refused(api_client, department_a):
    response = impress(api_client, department_a, comment="好" * 201)

    assert response.status_code == 400
    assert is_chinese(response.json()["comment"][0])


def test_a_second_impression_the_same_day_is_refused_the_next_day_accepted(
    api_client, department_a, department_b, freeze_now
):
    freeze_now(FRIDAY)
    assert impress(api_client, department_a).status_code == 201

    again = impress(api_client, department_a, score=1)
    other_department = impress(api_client, department_b)

    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["同一部门每天只能评价一次，请明天再来。"]
    }
    assert other_department.status_code == 201
    # The client keeps the cookie; it is not replaced on later requests.
    assert COOKIE_NAME not in other_department.cookies

    freeze_now(FRIDAY.replace(hour=23, minute=59))
    assert impress(api_client, department_a).status_code == 400
    freeze_now(FRIDAY + timedelta(hours=9))  # 00:00 Saturday in Shanghai
    assert impress(api_client, department_a).status_code == 201
    assert DepartmentImpression.objects.filter(department=department_a).count() == 2


def test_another_browser_may_rate_the_same_day(department_a):
    from rest_framework.test import APIClient

    assert impress(APIClient(), department_a).status_code == 201
    assert impress(APIClient(), department_a).status_code == 201


def test_a_tampered_device_cookie_counts_as_none(api_client, department_a):
    first = impress(api_client, department_a)
    api_client.cookies[COOKIE_NAME] = first.cookies[COOKIE_NAME].value + "x"

    second = impress(api_client, department_a)

    assert second.status_code == 201
    assert COOKIE_NAME in second.cookies  # a fresh device id


def test_the_one_per_day_rule_can_be_turned_off(api_client, department_a, settings):
    settings.FEEDBACK_ONE_PER_DAY = False

    assert impress(api_client, department_a).status_code == 201
    assert impress(api_client, department_a).status_code == 201
    assert set(DepartmentImpression.objects.values_list("local_date", flat=True)) == {
        None
    }


def test_a_same_day_duplicate_that_races_past_the_check_hits_the_constraint(
    department_a,
):
    services.impression_submit(department=department_a, score=5, device_hash="d1")

    with (
        mock.patch.object(QuerySet, "exists", return_value=False),
        pytest.raises(ValidationError) as error,
    ):
        services.impression_submit(department=department_a, score=1, device_hash="d1")

    assert error.value.messages == ["同一部门每天只能评价一次，请明天再来。"]
    assert DepartmentImpression.objects.count() == 1


def test_too_many_impressions_from_one_ip_get_429(api_client, department_a, rates):
    from rest_framework.test import APIClient

    rates(impression="3/hour")
    for _ in range(3):
        # A new browser each time: only the IP throttle can stop this.
        assert impress(APIClient(), department_a, ip="10.0.0.9").status_code == 201

    response = impress(APIClient(), department_a, ip="10.0.0.9")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert is_chinese(response.json()["detail"])
    assert impress(APIClient(), department_a, ip="10.0.0.10").status_code == 201


def test_a_sensitive_word_holds_the_comment_out_of_the_public_summary(
    api_client, department_a
):
    SensitiveWord.objects.create(word="Scam")
    SensitiveWord.objects.create(word="停用词", is_active=False)

    held = impress(api_client, department_a, score=1, comment="这就是个SCAM窗口")
    from rest_framework.test import APIClient

    fine = impress(APIClient(), department_a, score=5, comment="停用词不算，服务很好")

    assert held.status_code == 201
    assert (held.json()["status"], held.json()["status_label"]) == ("held", "待审核")
    assert "审核" in held.json()["notice"]
    assert fine.json()["status"] == "published"
    log = ModerationLog.objects.get()
    assert (log.action, log.actor, log.impression_id) == (
        "hold",
        None,
        held.json()["id"],
    )

    summary = api_client.get(f"/api/v1/departments/{department_a.pk}/").json()
    impressions = summary["impressions"]
    assert (impressions["average"], impressions["count"]) == (5.0, 1)
    assert [c["comment"] for c in impressions["recent_comments"]] == [
        "停用词不算，服务很好"
    ]


def test_the_impression_tags_are_listed_for_the_form(api_client, tags):
    body = api_client.get("/api/v1/impression-tags/").json()

    assert [tag["name"] for tag in body] == [
        "办事高效",
        "态度热情",
        "流程清晰",
        "等待时间长",
    ]
