"""Hiding and restoring comments: who may, what counts afterwards, the log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from feedback import selectors, services
from feedback.models import (
    DepartmentImpression,
    HideReason,
    LeaderReview,
    ModerationLog,
    SensitiveWord,
)
from tests.factories import LeaderFactory

pytestmark = pytest.mark.django_db


def impression(department, score=5, comment="服务很好", device="d1"):
    return services.impression_submit(
        department=department, score=score, comment=comment, device_hash=device
    )


def summary(department):
    return selectors.department_impression_summaries(department_ids=[department.pk])[
        department.pk
    ]


@pytest.mark.parametrize(
    "reason, counts",
    [
        (HideReason.IMPROPER, True),
        (HideReason.PERSONAL_INFO, True),
        (HideReason.VOTE_STUFFING, False),
        (HideReason.MALICIOUS, False),
    ],
)
def test_the_hide_reason_decides_whether_the_score_still_counts(
    officer_a, department_a, reason, counts
):
    impression(department_a, score=5, device="a")
    low = impression(department_a, score=1, comment="差", device="b")

    hidden = services.moderation_hide(actor=officer_a, item=low, reason=reason)

    assert (hidden.status, hidden.hide_reason, hidden.counts_in_average) == (
        "hidden",
        reason,
        counts,
    )
    result = summary(department_a)
    assert result["count"] == (2 if counts else 1)
    assert result["average"] == (3.0 if counts else 5.0)
    assert [c["comment"] for c in result["recent_comments"]] == ["服务很好"]


def test_restoring_publishes_and_counts_again_with_a_logged_reason(
    officer_a, department_a
):
    item = impression(department_a, score=1, comment="刷分")
    services.moderation_hide(
        actor=officer_a, item=item, reason=HideReason.VOTE_STUFFING, note="同IP"
    )

    with pytest.raises(ValidationError) as error:
        services.moderation_restore(actor=officer_a, item=item, note="")
    assert error.value.message_dict == {"note": ["请填写恢复理由。"]}

    restored = services.moderation_restore(
        actor=officer_a, item=item, note="核实为真实评价"
    )

    assert (restored.status, restored.hide_reason, restored.counts_in_average) == (
        "published",
        "",
        True,
    )
    log = list(
        ModerationLog.objects.order_by("id").values_list(
            "action", "reason", "note", "actor"
        )
    )
    assert log == [
        ("hide", "vote_stuffing", "同IP", officer_a.pk),
        ("restore", "", "核实为真实评价", officer_a.pk),
    ]
    with pytest.raises(ValidationError):
        services.moderation_restore(actor=officer_a, item=item, note="again")


def test_publishing_a_held_comment_makes_it_count(officer_a, department_a):
    SensitiveWord.objects.create(word="垃圾")
    held = impression(department_a, score=2, comment="垃圾分类宣传不到位")
    assert (held.status, held.counts_in_average) == ("held", False)
    assert summary(department_a)["count"] == 0

    services.moderation_restore(actor=officer_a, item=held)

    assert summary(department_a)["count"] == 1
    assert list(ModerationLog.objects.values_list("action", flat=True)) == [
        "publish",
        "hold",
    ]


def test_an_officer_of_b_cannot_hide_or_restore_a_comment_of_a(officer_b, department_a):
    item = impression(department_a)
    review = services.review_submit(
        leader=LeaderFactory(department=department_a),
        score=1,
        comment="差",
        device_hash="x",
    )

    for target in (item, review):
        with pytest.raises(PermissionDenied):
            services.moderation_hide(
                actor=officer_b, item=target, reason=HideReason.IMPROPER
            )
    with pytest.raises(PermissionDenied):
        services.moderation_restore(actor=officer_b, item=item, note="x")
    assert not ModerationLog.objects.exists()


def test_a_supervisor_moderates_every_department(supervisor, department_a):
    review = services.review_submit(
        leader=LeaderFactory(department=department_a),
        score=1,
        comment="差",
        device_hash="x",
    )

    services.moderation_hide(
        actor=supervisor, item=review, reason=HideReason.PERSONAL_INFO
    )

    assert LeaderReview.objects.get().status == "hidden"


# The back office ------------------------------------------------------------


def test_an_officer_of_b_gets_404_on_a_comment_of_a_in_the_admin(
    login, officer_b, department_a
):
    item = impression(department_a)
    client = login(officer_b)
    change = reverse("admin:feedback_departmentimpression_change", args=[item.pk])
    step = reverse("admin:feedback_departmentimpression_step", args=[item.pk, "hide"])

    assert client.get(change).status_code == 404
    response = client.post(step, {"hide-reason": "improper"})

    assert response.status_code == 404
    assert DepartmentImpression.objects.get().status == "published"
    changelist = client.get(reverse("admin:feedback_departmentimpression_changelist"))
    assert changelist.status_code == 200
    assert item.comment not in changelist.content.decode()


def test_an_officer_hides_from_the_comment_page(login, officer_a, department_a):
    item = impression(department_a)
    client = login(officer_a)
    change = reverse("admin:feedback_departmentimpression_change", args=[item.pk])

    page = client.get(change)
    assert page.status_code == 200
    step = reverse("admin:feedback_departmentimpression_step", args=[item.pk, "hide"])
    assert f'action="{step}"' in page.content.decode()

    response = client.post(
        reverse("admin:feedback_departmentimpression_step", args=[item.pk, "hide"]),
        {"hide-reason": "personal_info", "hide-note": "含手机号"},
        follow=True,
    )

    assert "已完成：隐藏" in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.counts_in_average) == ("hidden", True)


def test_the_hide_action_asks_for_a_reason_then_hides_the_selection(
    login, officer_a, department_a
):
    items = [impression(department_a, device=f"d{i}") for i in range(3)]
    client = login(officer_a)
    url = reverse("admin:feedback_departmentimpression_changelist")
    selected = {
        "action": "hide_selected",
        "_selected_action": [i.pk for i in items[:2]],
    }

    form = client.post(url, selected)
    assert form.status_code == 200
    assert "隐藏原因" in form.content.decode()

    done = client.post(url, {**selected, "apply": "1", "reason": "malicious"})

    assert done.status_code == 302
    assert sorted(
        DepartmentImpression.objects.values_list("status", "counts_in_average")
    ) == [("hidden", False), ("hidden", False), ("published", True)]


def test_leader_reviews_are_scoped_by_the_leaders_department(
    login, officer_b, officer_a, department_a
):
    review = services.review_submit(
        leader=LeaderFactory(department=department_a),
        score=3,
        comment="一般",
        device_hash="x",
    )
    change = reverse("admin:feedback_leaderreview_change", args=[review.pk])

    assert login(officer_b).get(change).status_code == 404
    assert login(officer_a).get(change).status_code == 200


def test_only_supervisors_read_the_moderation_log(
    login, officer_a, head_a, supervisor, department_a
):
    from departments.roles import ensure_role_groups

    ensure_role_groups()
    item = impression(department_a)
    services.moderation_hide(actor=officer_a, item=item, reason=HideReason.IMPROPER)
    url = reverse("admin:feedback_moderationlog_changelist")

    for user in (officer_a, head_a):
        user.is_staff = True
        user.save()
        assert login(user).get(url).status_code == 403
    page = login(supervisor).get(url)
    assert page.status_code == 200
    assert "言辞不当" in page.content.decode()
