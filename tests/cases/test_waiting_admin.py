"""The case page's 补充材料: asking and resuming as steps, the paused working days
beside the status, and the citizen's answers with their photos."""

from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Case, CaseEvent
from kernel.workdays import SHANGHAI
from tests.cases.helpers import photo, submit_case

pytestmark = pytest.mark.django_db
Status = Case.Status


def page(client, case):
    response = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def step_url(case, step):
    return reverse("admin:cases_case_step", args=[case.pk, step])


@pytest.fixture
def accepted(department_a, freeze_now):
    freeze_now(datetime(2026, 11, 18, 10, tzinfo=SHANGHAI))
    case = submit_case(department=department_a).case
    return services.case_transition(case=case, to_status=Status.ACCEPTED)


def test_an_officer_asks_the_citizen_from_the_case_page(login, officer_a, accepted):
    client = login(officer_a)
    assert 'name="info_request-question"' in page(client, accepted)

    response = client.post(
        step_url(accepted, "info_request"),
        {"info_request-question": "请补充现场照片。"},
        follow=True,
    )

    assert response.status_code == 200
    accepted.refresh_from_db()
    assert accepted.status == Status.WAITING
    assert accepted.info_question == "请补充现场照片。"
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["已请市民补充材料，办理时限暂停计算。"]


def test_an_empty_question_is_refused_on_the_form(login, officer_a, accepted):
    response = login(officer_a).post(
        step_url(accepted, "info_request"), {"info_request-question": ""}
    )

    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert "info_request-question" in response.content.decode()


def test_the_status_says_how_many_working_days_the_case_has_waited(
    login, officer_a, accepted, freeze_now
):
    freeze_now(datetime(2026, 11, 20, 10, tzinfo=SHANGHAI))  # Friday
    services.info_request(case=accepted, actor=officer_a, question="请补充照片")
    freeze_now(datetime(2026, 11, 24, 10, tzinfo=SHANGHAI))  # Tuesday

    html = page(login(officer_a), accepted)

    assert "待补充材料</span>（已挂起 2 个工作日）" in html
    assert 'name="resume-note"' in html
    assert 'name="info_request-question"' not in html


def test_staff_resume_and_are_told_the_new_due_day(
    login, officer_a, accepted, freeze_now
):
    freeze_now(datetime(2026, 11, 20, 10, tzinfo=SHANGHAI))
    services.info_request(case=accepted, actor=officer_a, question="请补充照片")
    freeze_now(datetime(2026, 11, 23, 10, tzinfo=SHANGHAI))

    response = login(officer_a).post(
        step_url(accepted, "resume"), {"resume-note": "市民已电话说明"}, follow=True
    )

    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["已恢复办理，办理时限顺延至 2026-11-24。"]


def test_the_citizens_answers_show_with_their_photos(login, officer_a, accepted):
    services.info_request(case=accepted, actor=officer_a, question="请补充照片")
    services.info_supply(case=accepted, content="北门 12 号的照片", photos=[photo()])
    client = login(officer_a)
    page(client, accepted)  # content types and permissions get cached
    with CaptureQueriesContext(connection) as one:
        html = page(client, accepted)
    services.info_request(case=accepted, actor=officer_a, question="还需要一张")
    services.info_supply(case=accepted, content="又一张照片", photos=[photo()])
    with CaptureQueriesContext(connection) as two:
        html = page(client, accepted)

    assert "市民补充材料" in html
    assert "北门 12 号的照片" in html and "又一张照片" in html
    attachment = accepted.attachments.filter(event__isnull=False).first()
    assert attachment.thumbnail.url in html
    assert CaseEvent.objects.filter(action="info_supply").count() == 2
    # A second answer adds rows, not queries.
    assert len(two) <= len(one) + 1
