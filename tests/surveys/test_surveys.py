"""微调研 / 微投票: the list and a survey's questions, one response per device or per
verified phone (also under concurrency, on PostgreSQL), each bad answer a 400
naming its question, nothing saved; public results never show who answered;
short texts with a sensitive word held out of the results; staff's results,
XLSX export and early close."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from rest_framework.test import APIClient

from surveys.models import Question, Response, Survey
from tests.cases.helpers import run_in_threads

NOW = datetime(2026, 12, 7, 2, tzinfo=UTC)


@pytest.fixture
def survey(db, department_a, freeze_now):
    freeze_now(NOW)
    survey = Survey.objects.create(
        title="便民服务满意度调查",
        department=department_a,
        results_public=True,
        opens_at=NOW - timedelta(days=1),
        closes_at=NOW + timedelta(days=7),
    )
    Question.objects.create(
        survey=survey,
        kind="single",
        text="您常去哪个窗口",
        options="社保\n医保\n户籍",
        sort_order=1,
    )
    Question.objects.create(
        survey=survey,
        kind="multiple",
        text="您希望增加哪些服务",
        options="夜间办理\n周末办理\n上门服务",
        sort_order=2,
    )
    Question.objects.create(
        survey=survey, kind="rating", text="总体满意度", sort_order=3
    )
    Question.objects.create(
        survey=survey, kind="text", text="其他建议", required=False, sort_order=4
    )
    return survey


def _answers(survey, *, single=0, multiple=(0, 1), rating=4, text=""):
    q = list(survey.questions.all())
    return {
        "answers": [
            {"question": q[0].pk, "choices": [single]},
            {"question": q[1].pk, "choices": list(multiple)},
            {"question": q[2].pk, "rating": rating},
            {"question": q[3].pk, "text": text},
        ]
    }


def _post(client, survey, body):
    return client.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json")


@pytest.mark.django_db
def test_a_citizen_answers_once_per_device_and_sees_the_results(survey):
    client = APIClient()
    listed = client.get("/api/v1/surveys/").json()["results"]
    assert [s["title"] for s in listed] == ["便民服务满意度调查"] and listed[0][
        "is_open"
    ]
    detail = client.get(f"/api/v1/surveys/{survey.pk}/").json()
    assert detail["questions"][0]["options"] == ["社保", "医保", "户籍"]

    first = _post(client, survey, _answers(survey))
    assert first.status_code == 201, first.content
    results = first.json()
    assert results["responses"] == 1
    assert results["questions"][0]["options"][0] == {"label": "社保", "count": 1}
    assert results["questions"][2]["average"] == 4.0

    again = _post(client, survey, _answers(survey, single=1))
    assert again.status_code == 400 and "只能提交一次" in again.json()["survey"][0]
    # Another device may answer.
    assert _post(APIClient(), survey, _answers(survey, single=2)).status_code == 201
    public = client.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert public["responses"] == 2
    assert "voter" not in str(public) and "device" not in str(public)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"single": 7}, "第 1 题的选项无效"),
        ({"multiple": ()}, "第 2 题为必答题"),
        # The input serializer answers these first, under answers.<index>.<field>.
        ({"rating": 9}, "小于或者等于 5"),
        ({"text": "字" * 501}, "不能超过 500"),
    ],
)
def test_a_bad_answer_is_400_naming_the_question_and_nothing_is_saved(
    survey, change, words
):
    response = _post(APIClient(), survey, _answers(survey, **change))
    assert response.status_code == 400
    assert words in str(response.json())
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_closed_survey_and_a_question_of_another_survey_are_refused(
    survey, freeze_now, department_a
):
    other = Survey.objects.create(
        title="另一个",
        department=department_a,
        opens_at=NOW - timedelta(days=1),
        closes_at=NOW + timedelta(days=1),
    )
    foreign = Question.objects.create(survey=other, kind="rating", text="x")
    body = _answers(survey)
    body["answers"].append({"question": foreign.pk, "rating": 3})
    assert "不属于本调研" in str(_post(APIClient(), survey, body).json())
    freeze_now(NOW + timedelta(days=8))
    closed = _post(APIClient(), survey, _answers(survey))
    assert closed.status_code == 400 and "开放时间" in closed.json()["survey"][0]


@pytest.mark.django_db
def test_a_phone_survey_needs_the_sign_in(survey):
    survey.audience = Survey.Audience.PHONE
    survey.save()
    response = _post(APIClient(), survey, _answers(survey))
    assert response.status_code == 403 and "手机号" in response.json()["detail"]


@pytest.mark.django_db
def test_a_text_with_a_sensitive_word_is_held_out_of_the_results(survey):
    from feedback.models import SensitiveWord

    SensitiveWord.objects.create(word="垃圾")
    _post(APIClient(), survey, _answers(survey, text="窗口服务垃圾"))
    _post(APIClient(), survey, _answers(survey, text="希望延长时间"))
    results = APIClient().get(f"/api/v1/surveys/{survey.pk}/results/").json()
    assert results["questions"][3]["texts"] == 1


@pytest.mark.django_db
def test_private_results_are_not_found(survey):
    survey.results_public = False
    survey.save()
    assert APIClient().get(f"/api/v1/surveys/{survey.pk}/results/").status_code == 404


@pytest.mark.django_db
def test_staff_see_results_export_xlsx_and_close_early(
    survey, login, officer_a, officer_b
):
    _post(APIClient(), survey, _answers(survey, text="多开窗口"))
    client = login(officer_a)
    page = client.get(f"/admin/surveys/survey/{survey.pk}/results/").content.decode()
    assert "共 1 份答卷" in page and "多开窗口" in page and "<svg" in page
    export = client.get(f"/admin/surveys/survey/{survey.pk}/export/")
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2:] == (
        "您常去哪个窗口",
        "您希望增加哪些服务",
        "总体满意度",
        "其他建议",
    )
    assert rows[1][2:] == ("社保", "夜间办理、周末办理", "4", "多开窗口")
    client.post(f"/admin/surveys/survey/{survey.pk}/close/")
    survey.refresh_from_db()
    assert survey.closed_early_at is not None
    assert (
        login(officer_b).get(f"/admin/surveys/survey/{survey.pk}/results/").status_code
        == 404
    )


@pytest.mark.django_db(transaction=True)
def test_one_phone_submitting_at_once_gets_one_response(survey, rates):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrency is proven on PostgreSQL (CI); SQLite serialises writers"
        )
    from tests.appointments.conftest import signed_in_client

    rates(survey_response="100000/hour")
    survey.audience = Survey.Audience.PHONE
    survey.save()
    # Twelve sessions of one phone (twelve browsers signed in with it).
    clients = [signed_in_client("13812345678") for _ in range(12)]
    start = threading.Barrier(12, timeout=60)
    statuses, lock, index = [], threading.Lock(), iter(range(12))
    body = _answers(survey)

    def answer():
        with lock:
            client = clients[next(index)]
        start.wait()
        status = _post(client, survey, body).status_code
        with lock:
            statuses.append(status)

    assert run_in_threads(answer, 12) == []
    assert sorted(statuses) == [201] + [400] * 11
    assert Response.objects.count() == 1
