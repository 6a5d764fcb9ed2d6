"""The feedback day roll-ups agree with the raw ratings and impressions.

The dashboard, its ranking and 数据公开 read satisfaction and impression figures
from `FeedbackDayCount` rows that each service steps in its own transaction
(feedback/services/rollups.py). After any mix of ratings, voids and moderation
the roll-up selectors answer what counting the raw rows answers, and a rebuild
finds the rows the steps left.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feedback import selectors, services
from feedback.models import FeedbackDayCount, HideReason, SensitiveWord
from feedback.services.rollups import rollups_rebuild
from kernel.workdays import SHANGHAI
from tests.feedback.conftest import answered_case

pytestmark = pytest.mark.django_db

# Monday 23 November 2026 and the days around it, in Shanghai.
MONDAY = datetime(2026, 11, 23, tzinfo=SHANGHAI)


def at(day: int, hour: int) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour)


def rating(department, level, now):
    case, _ = answered_case(department, now=now - timedelta(hours=1))
    return services.evaluation_submit(case=case, level=level, now=now)


def impression(department, score, now, comment="服务很好", device=None):
    return services.impression_submit(
        department=department,
        score=score,
        comment=comment,
        device_hash=device or f"{department.pk}-{now.isoformat()}",
        now=now,
    )


def rows():
    return sorted(
        FeedbackDayCount.objects.values_list(
            "day",
            "department_id",
            "rated",
            "satisfied",
            "impressions",
            "impression_score",
        )
    )


def periods():
    """Whole days: open, a week, one day, the day before anything, and all time."""
    yield None, None
    yield MONDAY, MONDAY + timedelta(days=7)
    yield MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)
    yield MONDAY - timedelta(days=1), MONDAY
    yield MONDAY + timedelta(days=2), None
    yield None, MONDAY + timedelta(days=1)


def assert_rollups_equal_raw(departments):
    ids = [d.pk for d in departments]
    for start, end in periods():
        for wanted in (ids, ids[:1], [], None):
            assert selectors.satisfaction_rates(
                department_ids=wanted, start=start, end=end
            ) == selectors.satisfaction_rates_raw(
                department_ids=wanted, start=start, end=end
            ), (start, end, wanted)
        for wanted in (ids, ids[:1], []):
            assert selectors.impression_averages(
                department_ids=wanted, start=start, end=end
            ) == selectors.impression_averages_raw(
                department_ids=wanted, start=start, end=end
            ), (start, end, wanted)


@pytest.fixture
def feedback(department_a, department_b, officer_a, supervisor, settings):
    """Ratings on three days in two departments, one voided on appeal; impressions
    held, hidden for each reason, published and restored."""
    settings.FEEDBACK_ONE_PER_DAY = False
    rating(department_a, 5, at(0, 10))
    rating(department_a, 4, at(0, 23))  # 23:00 in Shanghai: still Monday
    bad = rating(department_a, 1, at(1, 9))
    rating(department_a, 3, at(1, 9))
    rating(department_b, 2, at(2, 8))
    rating(department_b, 5, at(2, 8))
    appeal = services.appeal_request(actor=officer_a, evaluation=bad, reason="恶意")
    services.appeal_decide(actor=supervisor, appeal=appeal, void=True, now=at(3, 9))

    impression(department_a, 5, at(0, 11))
    impression(department_a, 2, at(1, 11))
    for reason in HideReason.values:
        hidden = impression(department_a, 1, at(1, 12), comment=reason)
        services.moderation_hide(actor=officer_a, item=hidden, reason=reason)
    restored = impression(department_a, 3, at(2, 12))
    services.moderation_hide(
        actor=officer_a, item=restored, reason=HideReason.VOTE_STUFFING
    )
    services.moderation_restore(actor=officer_a, item=restored, note="误判")
    return [department_a, department_b]


def test_the_rollups_answer_what_the_raw_rows_answer(feedback):
    assert_rollups_equal_raw(feedback)


def test_a_voided_rating_leaves_its_day_and_a_hidden_vote_its_average(
    feedback, department_a
):
    tuesday = MONDAY + timedelta(days=1)
    rates = selectors.satisfaction_rates(
        department_ids=[department_a.pk], start=tuesday, end=tuesday + timedelta(1)
    )
    # 非常不满意 voided on appeal; the 基本满意 counts.
    assert rates[department_a.pk] == {"rated": 1, "satisfied": 0, "rate": 0.0}
    averages = selectors.impression_averages(
        department_ids=[department_a.pk], start=tuesday, end=tuesday + timedelta(1)
    )
    # 2, and the two 1s hidden for their words (言辞不当, 含个人信息) still count.
    assert averages[department_a.pk] == {"average": 1.33, "count": 3}


def test_a_held_impression_counts_once_it_is_published(
    department_a, officer_a, settings
):
    settings.FEEDBACK_ONE_PER_DAY = False
    SensitiveWord.objects.create(word="骗子")
    held = impression(department_a, 1, at(0, 9), comment="都是骗子")
    impression(department_a, 5, at(0, 10))
    week = {"start": MONDAY, "end": MONDAY + timedelta(days=7)}

    before = selectors.impression_averages(department_ids=[department_a.pk], **week)
    services.moderation_restore(actor=officer_a, item=held)
    after = selectors.impression_averages(department_ids=[department_a.pk], **week)

    assert before[department_a.pk] == {"average": 5.0, "count": 1}
    assert after[department_a.pk] == {"average": 3.0, "count": 2}
    assert_rollups_equal_raw([department_a])


def test_a_rebuild_finds_the_rows_the_services_stepped(feedback):
    stepped = rows()

    counted = rollups_rebuild()

    # Rows whose counts all went back to 0 (a day whose only rating was voided)
    # stay after steps; the rebuild has no reason to write them.
    assert [row for row in stepped if any(row[2:])] == rows()
    assert counted == {"feedback_rollup_day": len(rows())}
    assert_rollups_equal_raw(feedback)


def test_a_rating_counts_on_its_shanghai_day(department_a):
    # 23:30 UTC on Monday is 07:30 on Tuesday in Shanghai.
    rating(department_a, 5, datetime(2026, 11, 23, 23, 30, tzinfo=UTC))

    (row,) = FeedbackDayCount.objects.all()
    assert (row.day, row.department_id, row.rated) == (
        date(2026, 11, 24),
        department_a.pk,
        1,
    )


def test_a_bound_inside_a_day_counts_the_raw_rows(feedback, department_a):
    noon = at(0, 12)  # Monday's 5 at 10:00 falls before it, the 4 at 23:00 after

    rates = selectors.satisfaction_rates(
        department_ids=[department_a.pk], start=noon, end=at(1, 0)
    )

    assert rates[department_a.pk] == {"rated": 1, "satisfied": 1, "rate": 1.0}


def test_a_year_of_figures_is_one_query_each(feedback):
    ids = [d.pk for d in feedback]
    year = {"start": datetime(2026, 1, 1, tzinfo=SHANGHAI)}
    year["end"] = datetime(2027, 1, 1, tzinfo=SHANGHAI)

    with CaptureQueriesContext(connection) as queries:
        selectors.satisfaction_rates(department_ids=ids, **year)
        selectors.impression_averages(department_ids=ids, **year)

    assert len(queries) == 2
    assert all("feedback_rollup_day" in q["sql"] for q in queries.captured_queries)
