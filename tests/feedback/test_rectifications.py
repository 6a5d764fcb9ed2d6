"""差评整改 and 申诉复核: deadlines in working days, who records what, appeals."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from feedback import selectors, services
from feedback.models import Appeal, CaseEvaluation, Rectification
from kernel.workdays import SHANGHAI
from tests.feedback.conftest import FRIDAY, answered_case

pytestmark = pytest.mark.django_db

END_OF_MONDAY = datetime(2026, 11, 23, 23, 59, 59, 999999, tzinfo=SHANGHAI)


def bad_rating(department, level=2, now=FRIDAY) -> CaseEvaluation:
    case, _ = answered_case(department)
    return services.evaluation_submit(case=case, level=level, comment="没解决", now=now)


@pytest.mark.parametrize("level", [1, 2])
def test_a_bad_rating_opens_a_rectification_due_in_working_days(department_a, level):
    evaluation = bad_rating(department_a, level=level)

    rectification = evaluation.rectification
    assert rectification.department == department_a
    assert rectification.opened_at == FRIDAY
    # Rated on a Friday afternoon: call back by the end of Monday, finish 15
    # working days later (three weeks, no holidays in between).
    assert rectification.contact_due_at == END_OF_MONDAY
    assert rectification.due_at == datetime(
        2026, 12, 11, 23, 59, 59, 999999, tzinfo=SHANGHAI
    )


@pytest.mark.parametrize("level", [3, 4, 5])
def test_other_ratings_open_nothing(department_a, level):
    bad_rating(department_a, level=level)

    assert not Rectification.objects.exists()


def test_the_rectification_period_is_configurable(department_a, settings):
    settings.RECTIFICATION_DAYS = 3

    rectification = bad_rating(department_a).rectification

    assert rectification.due_at.date() == datetime(2026, 11, 25).date()


def test_holidays_do_not_count(department_a):
    # Rated the afternoon before National Day 2026: 1-7 October are holidays, the
    # 8th is the first working day after.
    rectification = bad_rating(
        department_a, now=datetime(2026, 9, 30, 16, 0, tzinfo=SHANGHAI)
    ).rectification

    assert rectification.contact_due_at.date() == datetime(2026, 10, 8).date()


def test_the_department_contacts_then_completes(officer_a, department_a):
    rectification = bad_rating(department_a).rectification
    with pytest.raises(ValidationError) as error:
        services.rectification_complete(
            actor=officer_a, rectification=rectification, note="已整改"
        )
    assert error.value.messages == ["请先记录回访情况，再填写整改结果。"]

    services.rectification_contact(
        actor=officer_a,
        rectification=rectification,
        note="电话联系市民，说明处理进度",
        now=END_OF_MONDAY - timedelta(hours=2),
    )
    done = services.rectification_complete(
        actor=officer_a,
        rectification=rectification,
        note="已约谈物业，噪音问题已解决",
        now=FRIDAY + timedelta(days=7),
    )

    assert (done.contacted_by, done.completed_by) == (officer_a, officer_a)
    assert done.result_note == "已约谈物业，噪音问题已解决"
    with pytest.raises(ValidationError):
        services.rectification_contact(
            actor=officer_a, rectification=done, note="again"
        )


def test_an_officer_of_b_cannot_record_a_rectification_of_a(officer_b, department_a):
    rectification = bad_rating(department_a).rectification

    with pytest.raises(PermissionDenied):
        services.rectification_contact(
            actor=officer_b, rectification=rectification, note="x"
        )


def test_overdue_rectifications_are_listed_for_supervisors(officer_a, department_a):
    late_contact = bad_rating(department_a).rectification
    contacted = bad_rating(department_a).rectification
    services.rectification_contact(
        actor=officer_a, rectification=contacted, note="已回访", now=FRIDAY
    )
    finished = bad_rating(department_a).rectification
    services.rectification_contact(
        actor=officer_a, rectification=finished, note="已回访", now=FRIDAY
    )
    services.rectification_complete(
        actor=officer_a, rectification=finished, note="已整改", now=FRIDAY
    )

    def overdue(now):
        return set(selectors.overdue_rectifications(now=now))

    assert overdue(END_OF_MONDAY) == set()
    tuesday = END_OF_MONDAY + timedelta(seconds=1)
    assert overdue(tuesday) == {late_contact}
    assert (
        selectors.rectification_state(rectification=late_contact, now=tuesday)
        == "contact_overdue"
    )
    after_due = late_contact.due_at + timedelta(seconds=1)
    assert overdue(after_due) == {late_contact, contacted}
    assert (
        selectors.rectification_state(rectification=contacted, now=after_due)
        == "overdue"
    )


def test_the_admin_flags_overdue_rectifications_to_supervisors(
    login, supervisor, officer_b, department_a
):
    bad_rating(department_a, now=FRIDAY - timedelta(days=60))
    url = reverse("admin:feedback_rectification_changelist")

    page = login(supervisor).get(url, {"progress": "overdue"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "整改超期" in html
    assert "有 1 项差评整改已超过回访或整改时限。" in html
    other = login(officer_b).get(url).content.decode()
    assert "整改超期" not in other


def test_an_officer_records_the_contact_from_the_admin(login, officer_a, department_a):
    rectification = bad_rating(department_a).rectification
    step = reverse(
        "admin:feedback_rectification_step", args=[rectification.pk, "contact"]
    )

    response = login(officer_a).post(step, {"contact-note": "已电话回访"}, follow=True)

    assert "已完成：记录回访" in response.content.decode()
    rectification.refresh_from_db()
    assert (rectification.contact_note, rectification.contacted_by) == (
        "已电话回访",
        officer_a,
    )


# Appeals ---------------------------------------------------------------------


def test_an_upheld_appeal_leaves_the_rating_counting(
    officer_a, supervisor, department_a
):
    evaluation = bad_rating(department_a)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="市民诉求已解决"
    )
    with pytest.raises(ValidationError) as error:
        services.appeal_request(actor=officer_a, evaluation=evaluation, reason="再申诉")
    assert error.value.messages == ["该评价已有待复核的申诉。"]

    decided = services.appeal_decide(
        actor=supervisor, appeal=appeal, void=False, note="评价属实"
    )

    assert (decided.decision, decided.decided_by) == ("upheld", supervisor)
    evaluation.refresh_from_db()
    assert not evaluation.is_void
    assert evaluation.rectification.is_open
    assert selectors.satisfaction_rates(department_ids=[department_a.pk]) == {
        department_a.pk: {"rated": 1, "satisfied": 0, "rate": 0.0}
    }
    with pytest.raises(ValidationError):
        services.appeal_decide(actor=supervisor, appeal=appeal, void=True)


def test_a_voided_rating_stops_counting_and_closes_its_rectification(
    officer_a, supervisor, department_a
):
    case, _ = answered_case(department_a)
    services.evaluation_submit(case=case, level=5)
    evaluation = bad_rating(department_a, level=1)
    appeal = services.appeal_request(
        actor=officer_a, evaluation=evaluation, reason="恶意评价，与诉求无关"
    )

    services.appeal_decide(actor=supervisor, appeal=appeal, void=True, now=FRIDAY)

    evaluation.refresh_from_db()
    assert (evaluation.is_void, evaluation.voided_at) == (True, FRIDAY)
    rectification = evaluation.rectification
    assert rectification.completed_at == FRIDAY
    assert rectification.result_note == "申诉成立，评价作废"
    assert selectors.satisfaction_rates(department_ids=[department_a.pk]) == {
        department_a.pk: {"rated": 1, "satisfied": 1, "rate": 1.0}
    }
    assert not selectors.overdue_rectifications(now=FRIDAY + timedelta(days=99))
    with pytest.raises(ValidationError) as error:
        services.appeal_request(actor=officer_a, evaluation=evaluation, reason="x")
    assert error.value.messages == ["该评价已作废，无需申诉。"]


def test_only_the_rated_department_appeals_and_only_supervisors_decide(
    officer_a, officer_b, head_a, department_a
):
    evaluation = bad_rating(department_a)

    with pytest.raises(PermissionDenied):
        services.appeal_request(actor=officer_b, evaluation=evaluation, reason="x")
    appeal = services.appeal_request(actor=head_a, evaluation=evaluation, reason="x")
    for user in (officer_a, head_a):
        with pytest.raises(PermissionDenied):
            services.appeal_decide(actor=user, appeal=appeal, void=True)
    assert Appeal.objects.get().decision == "pending"


def test_appeals_go_through_the_admin(login, officer_a, supervisor, department_a):
    from departments.roles import ensure_role_groups

    ensure_role_groups()
    evaluation = bad_rating(department_a)
    request_step = reverse(
        "admin:feedback_caseevaluation_step", args=[evaluation.pk, "appeal"]
    )
    login(officer_a).post(request_step, {"appeal-reason": "市民已撤回投诉"})
    appeal = Appeal.objects.get()
    decide_step = reverse("admin:feedback_appeal_step", args=[appeal.pk, "decide"])

    refused = login(officer_a).post(decide_step, {"decide-void": "1"}, follow=True)
    assert "当前不能执行" in refused.content.decode()
    login(supervisor).post(decide_step, {"decide-void": "1", "decide-note": "属实"})

    appeal.refresh_from_db()
    assert (appeal.decision, appeal.requested_by) == ("voided", officer_a)
    assert CaseEvaluation.objects.get().is_void


def test_rectification_counts_give_open_and_overdue_per_department(
    officer_a, department_a, department_b
):
    late = bad_rating(department_a)
    bad_rating(department_a, now=END_OF_MONDAY)
    done = bad_rating(department_b).rectification
    services.rectification_contact(actor=None, rectification=done, note="已回访")
    services.rectification_complete(actor=None, rectification=done, note="已整改")

    counts = selectors.rectification_counts(
        now=late.rectification.contact_due_at + timedelta(seconds=1)
    )

    assert counts == {department_a.pk: {"open": 2, "overdue": 1}}
    assert selectors.rectification_counts(department_ids=[department_b.pk]) == {}


def test_the_call_back_deadline_and_the_citizens_notice_follow_the_setting(
    api_client, settings, department_a
):
    settings.RECTIFICATION_CONTACT_DAYS = 3
    # Friday afternoon + 3 working days: the end of Wednesday.
    assert bad_rating(department_a).rectification.contact_due_at == (
        END_OF_MONDAY + timedelta(days=2)
    )

    case, code = answered_case(department_a)
    response = api_client.post(
        "/api/v1/cases/evaluation/",
        {"number": case.number, "query_code": code, "level": 1},
        format="json",
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 201, response.json()
    assert "3 个工作日内与您联系" in response.json()["notice"]
