"""Invisible text in citizens' fields (kernel.text): a title of four zero-width
spaces and a name of only U+202E U+2066 were accepted and showed as blank lines in
the back office. Every endpoint family refuses them with a Chinese 400 naming the
field; names lose their bidi controls; real text with emoji joiners still passes."""

import pytest

from cases.models import Case
from feedback.models import CaseEvaluation, DepartmentImpression, LeaderReview
from tests.cases.helpers import SUBMIT_URL, complaint_payload, is_chinese, payload
from tests.factories import DepartmentFactory, LeaderFactory
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db

ZWSP4 = "\u200b" * 4
BIDI_ONLY = "\u202e\u2066"
# Zero-width space, joiners, BOM, word joiner, soft hyphen, ideographic space,
# a Hangul filler: each alone looks like nothing.
INVISIBLE_TEXTS = [ZWSP4, BIDI_ONLY, "\u200c\u200d\ufeff\u2060\u00ad\u3000\u3164"]


def assert_invisible_refused(response, field, label):
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert all(is_chinese(text) for text in errors[field]), errors
    assert any(label in text for text in errors[field]), errors


@pytest.fixture
def department():
    return DepartmentFactory(name="市住房和城乡建设局")


@pytest.mark.parametrize("text", INVISIBLE_TEXTS)
@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("title", "标题"),
        ("content", "内容"),
        ("contact_name", "联系人"),
        ("address", "地址"),
        ("complainee", "被投诉/举报对象"),
    ],
)
def test_a_case_field_of_only_invisible_characters_is_refused(
    api_client, department, field, label, text
):
    body = complaint_payload(department, **{field: text * 3})

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert_invisible_refused(response, field, label)
    assert Case.objects.count() == 0


def test_zero_width_padding_does_not_count_towards_the_title_length(
    api_client, department
):
    response = api_client.post(
        SUBMIT_URL, payload(department, title="噪音\u200b\u200b\u200b"), format="json"
    )

    assert response.status_code == 400, response.content
    assert "4" in response.json()["title"][0]


def test_bidi_controls_are_removed_from_names(api_client, department):
    body = complaint_payload(
        department,
        contact_name="王\u202e小明\u202c",
        complainee="\u2066某某物业\u2069公司",
    )

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.content
    case = Case.objects.get()
    assert (case.contact_name, case.complainee) == ("王小明", "某某物业公司")


def test_real_text_with_emoji_joiners_is_kept_as_typed(api_client, department):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    body = payload(department, content=f"楼道灯坏了一个月，孩子晚上摔倒了{family}。")

    response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.content
    assert family in Case.objects.get().content


@pytest.mark.parametrize("text", INVISIBLE_TEXTS)
def test_an_impression_comment_of_only_invisible_characters_is_refused(
    api_client, department, text
):
    response = api_client.post(
        f"/api/v1/departments/{department.pk}/impressions/",
        {"score": 5, "comment": text},
        format="json",
    )

    assert_invisible_refused(response, "comment", "留言")
    assert not DepartmentImpression.objects.exists()


@pytest.mark.parametrize("text", INVISIBLE_TEXTS)
def test_a_leader_review_of_only_invisible_characters_is_refused(
    api_client, department, text
):
    leader = LeaderFactory(department=department)

    response = api_client.post(
        f"/api/v1/leaders/{leader.pk}/reviews/",
        {"score": 4, "comment": text},
        format="json",
    )

    assert_invisible_refused(response, "comment", "点评内容")
    assert not LeaderReview.objects.exists()


@pytest.mark.parametrize("text", INVISIBLE_TEXTS)
def test_a_rating_comment_of_only_invisible_characters_is_refused(
    api_client, department, text
):
    case, code = answered_case(department)

    response = api_client.post(
        "/api/v1/cases/evaluation/",
        {"number": case.number, "query_code": code, "level": 5, "comment": text},
        format="json",
    )

    assert_invisible_refused(response, "comment", "评价意见")
    assert not CaseEvaluation.objects.exists()


def test_a_name_longer_than_its_limit_with_spaces_in_front_is_refused(
    api_client, department
):
    # Found by the schema fuzzer: DRF trimmed first and counted after, so a name
    # the schema's maxLength (50) refuses was stored.
    name = " " * 15 + "王" * 45
    body = {**payload(department), "contact_name": name}
    response = api_client.post(SUBMIT_URL, body, format="json")
    assert response.status_code == 400, response.content
    assert "contact_name" in response.json()
    assert is_chinese(response.json()["contact_name"][0])
    assert not Case.objects.exists()
    # Within the limit, the spaces around it are still trimmed.
    body["contact_name"] = "  王小明  "
    assert api_client.post(SUBMIT_URL, body, format="json").status_code == 201
    assert Case.objects.get().contact_name == "王小明"
