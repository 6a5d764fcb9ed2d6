"""Sensitive words (feedback.selectors.sensitive): `骗\u200b子` was published, the
zero-width space hiding the word from a plain `in`. Disguised spellings are held
now, ordinary comments still publish, and words edited in the admin apply at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from feedback.models import DepartmentImpression, LeaderReview, SensitiveWord
from feedback.selectors import find_sensitive_word
from tests.factories import LeaderFactory

pytestmark = pytest.mark.django_db


def impress(department, comment):
    # A new client each time: a new browser, so one-per-day does not apply.
    response = APIClient().post(
        f"/api/v1/departments/{department.pk}/impressions/",
        {"score": 1, "comment": comment},
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()["status"]


@pytest.fixture
def words(db):
    SensitiveWord.objects.create(word="骗子")
    SensitiveWord.objects.create(word="Scam")
    SensitiveWord.objects.create(word="黑心")


@pytest.mark.parametrize(
    "comment",
    [
        "窗口的人都是骗\u200b子",  # zero-width space
        "窗口的人都是骗\u2060子\ufeff",  # word joiner, BOM
        "窗口的人都是骗\u202e子",  # bidi override
        "窗口的人都是骗 子",  # a space
        "窗口的人都是骗\u3000子",  # an ideographic space
        "窗口的人都是骗.子",  # punctuation between
        "窗口的人都是騙子",  # traditional
        "这是个ＳＣＡＭ窗口",  # full-width letters
        "这是个s c a m窗口",  # spaced, lower case
        "这家店黑\u00ad心",  # soft hyphen
    ],
)
def test_disguised_sensitive_words_hold_the_comment(department_a, words, comment):
    assert impress(department_a, comment) == "held"
    assert DepartmentImpression.objects.get().status == "held"


def test_a_traditional_spelling_in_a_leader_review_is_held_too(department_a, words):
    leader = LeaderFactory(department=department_a)

    response = APIClient().post(
        f"/api/v1/leaders/{leader.pk}/reviews/",
        {"score": 1, "comment": "這位領導是個騙子"},
        format="json",
    )

    assert response.json()["status"] == "held"
    assert LeaderReview.objects.get().status == "held"


@pytest.mark.parametrize(
    "comment",
    [
        "办事效率高，工作人员很耐心。",
        "骗人的广告满街都是，但这个窗口很好，子女陪我来办的。",
        "辦事效率高，服務很好",  # traditional, but harmless
    ],
)
def test_an_ordinary_comment_is_published(department_a, words, comment):
    assert impress(department_a, comment) == "published"


def test_a_word_stored_in_traditional_or_full_width_matches_plain_text(db):
    SensitiveWord.objects.create(word="詐騙")
    SensitiveWord.objects.create(word="ＦＡＫＥ")

    assert find_sensitive_word(text="小心诈骗电话") == "詐騙"
    assert find_sensitive_word(text="全是fake的") == "ＦＡＫＥ"


def test_the_words_are_read_once_not_for_every_comment(words):
    assert find_sensitive_word(text="热身") is None

    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert find_sensitive_word(text="都是骗子") == "骗子"

    assert len(queries) == 0


def test_a_word_added_in_the_admin_takes_effect_at_once(admin_client, department_a):
    assert impress(department_a, "收费乱七八糟") == "published"

    response = admin_client.post(
        "/admin/feedback/sensitiveword/add/", {"word": "乱收费", "is_active": "on"}
    )
    assert response.status_code == 302, response.content

    assert impress(department_a, "窗口乱\u200b收费") == "held"


def test_a_word_switched_off_in_the_admin_stops_holding(admin_client, department_a):
    word = SensitiveWord.objects.create(word="乱收费")
    assert impress(department_a, "窗口乱收费") == "held"

    response = admin_client.post(
        f"/admin/feedback/sensitiveword/{word.pk}/change/", {"word": "乱收费"}
    )
    assert response.status_code == 302, response.content

    assert impress(department_a, "窗口乱收费") == "published"
