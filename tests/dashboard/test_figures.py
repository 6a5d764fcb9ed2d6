"""Each figure of the dashboard against the city worked out by hand in conftest."""

from datetime import date

import pytest

from cases import workflow
from cases.statistics import RateCounts
from portal.dashboard.figures import ComplaintType
from portal.dashboard.selectors import dashboard_figures
from portal.dashboard.timing import Durations
from tests.dashboard.conftest import NOW, at

pytestmark = pytest.mark.django_db

YEAR = {"date_from": date(2026, 1, 1), "date_to": date(2026, 11, 20), "now": NOW}


def figures_for(*departments, **overrides):
    ids = None if not departments else {d.id for d in departments}
    return dashboard_figures(department_ids=ids, **{**YEAR, **overrides})


def test_it_counts_cases_received_today_this_week_and_this_month_by_kind(city):
    received = figures_for().received

    assert received.today.by_kind == {
        "consultation": 0,
        "complaint": 0,
        "suggestion": 1,
    }
    assert received.today.total == 1
    assert received.week.by_kind == {
        "consultation": 2,
        "complaint": 1,
        "suggestion": 2,
    }
    assert received.week.total == 5
    assert received.month.by_kind == {
        "consultation": 3,
        "complaint": 2,
        "suggestion": 2,
    }
    assert received.month.total == 7


def test_it_counts_the_backlog_by_status_and_the_deadlines(city):
    backlog = figures_for().backlog

    assert backlog.by_status == {
        **dict.fromkeys(workflow.BACKLOG, 0),
        "submitted": 3,
        "accepted": 2,
    }
    assert backlog.total == 5
    assert backlog.overdue == 1  # a5
    assert backlog.due_soon == 1  # a6


def counts(received, answered, on_time, late_open, closed):
    return RateCounts(received, answered, on_time, late_open, closed)


def test_it_counts_received_answered_on_time_late_and_closed_in_the_range(city):
    figures = figures_for()

    # a5 is unanswered past due; a3, a4, a6, b1 are open but not yet due.
    assert figures.totals == counts(9, 4, 3, 1, 2)
    a, b = city["a1"].department_id, city["b1"].department_id
    assert figures.by_department[a].counts == counts(7, 3, 2, 1, 1)
    assert figures.by_department[b].counts == counts(2, 1, 1, 0, 1)


def test_reply_and_close_times_are_in_working_days_across_national_day(city):
    figures = figures_for()

    # First replies 2 (09-30 → 10-09 over National Day), 8, 1, 1 working days.
    assert figures.reply == Durations(count=4, average=3.0, p90=8)
    # Closes 4 (09-30 → 10-12, counting the make-up Saturday 10-10) and 2.
    assert figures.close == Durations(count=2, average=3.0, p90=4)
    a = city["a1"].department_id
    assert figures.by_department[a].reply == Durations(count=3, average=3.7, p90=8)


def test_the_holiday_case_alone_took_two_working_days(city):
    figures = figures_for(
        city["a1"].department, date_from=date(2026, 9, 30), date_to=date(2026, 9, 30)
    )

    assert figures.reply == Durations(count=1, average=2.0, p90=2)
    assert figures.close == Durations(count=1, average=4.0, p90=4)


def test_days_and_months_are_those_of_shanghai_not_utc(department_a, freeze):
    from tests.dashboard.conftest import at, make_case

    # 07:00 in Shanghai is 23:00 the day before in UTC. Replied the same Shanghai
    # day: 0 working days (in UTC it would span into Monday 11-02 and count 1).
    make_case(
        department_a,
        "consultation",
        at(11, 2, 7),
        ("accepted", at(11, 2, 8)),
        ("replied", at(11, 2, 20)),
    )
    # Sunday 11-01 07:00 in Shanghai is still October in UTC.
    make_case(department_a, "complaint", at(11, 1, 7))
    freeze()

    figures = figures_for()

    assert figures.reply == Durations(count=1, average=0.0, p90=0)
    months = {m.month: m for m in figures.monthly}
    assert months[date(2026, 11, 1)].by_kind["complaint"] == 1
    assert months[date(2026, 10, 1)].by_kind["complaint"] == 0
    assert figures.received.month.total == 2


def test_the_date_range_selects_cases_by_submission_day(city):
    figures = figures_for(date_from=date(2026, 11, 1), date_to=date(2026, 11, 16))

    # a2 (11-02, late), b2 (11-03, on time, closed), a5 (11-16, past due); the
    # backlog still counts every open case.
    assert figures.totals == counts(3, 2, 1, 1, 1)
    assert figures.backlog.total == 5


def test_the_monthly_chart_covers_twelve_months_including_last_december(city):
    monthly = figures_for().monthly

    assert [m.month for m in monthly][:2] == [date(2025, 12, 1), date(2026, 1, 1)]
    assert monthly[-1].month == date(2026, 11, 1)
    by_month = {m.month: m.by_kind for m in monthly}
    assert by_month[date(2025, 12, 1)]["complaint"] == 1
    assert by_month[date(2026, 9, 1)]["consultation"] == 1
    assert by_month[date(2026, 10, 1)]["complaint"] == 1
    assert by_month[date(2026, 11, 1)] == {
        "consultation": 3,
        "complaint": 2,
        "suggestion": 2,
    }


def test_complaints_are_broken_down_by_service_type(city, noise):
    assert figures_for().complaint_types == [
        ComplaintType(id=noise.id, name="噪音扰民", count=2),
        ComplaintType(id=None, name=None, count=1),
    ]


def test_one_department_sees_only_its_own_figures(city):
    figures = figures_for(city["b1"].department)

    assert figures.received.month.total == 2
    assert figures.backlog.total == 1
    assert figures.totals == counts(2, 1, 1, 0, 1)
    assert figures.reply.average == 1.0
    assert [d["name"] for d in figures.departments] == ["环境保护局"]


def test_satisfaction_impressions_and_rectifications_come_from_feedback(ratings):
    figures = figures_for()
    a, b = ratings["a1"].department_id, ratings["b1"].department_id

    assert figures.satisfaction[a] == {"rated": 2, "satisfied": 1, "rate": 0.5}
    assert figures.satisfaction[b] == {"rated": 1, "satisfied": 1, "rate": 1.0}
    assert figures.impressions[a] == {"average": 3.0, "count": 2}
    assert figures.impressions[b] == {"average": None, "count": 0}
    assert figures.rectifications == {a: {"open": 1, "overdue": 1}}


@pytest.mark.parametrize(
    ("first", "last", "satisfaction_a", "satisfaction_b", "impressions_a"),
    [
        # November: a2 不满意 (11-13) for A, b2 满意 (11-06) for B, both impressions.
        ((11, 1), (11, 20), (1, 0, 0.0), (1, 1, 1.0), (2, 3.0)),
        # October: only a1 非常满意 (10-13); no impression yet.
        ((10, 1), (10, 31), (1, 1, 1.0), (0, 0, None), (0, None)),
        # After the impressions of 11-10: only a2.
        ((11, 11), (11, 20), (1, 0, 0.0), (0, 0, None), (0, None)),
    ],
)
def test_satisfaction_and_impressions_count_what_was_given_in_the_range(
    ratings, first, last, satisfaction_a, satisfaction_b, impressions_a
):
    figures = figures_for(date_from=date(2026, *first), date_to=date(2026, *last))
    a, b = ratings["a1"].department_id, ratings["b1"].department_id

    def rates(rated, satisfied, rate):
        return {"rated": rated, "satisfied": satisfied, "rate": rate}

    assert figures.satisfaction[a] == rates(*satisfaction_a)
    assert figures.satisfaction[b] == rates(*satisfaction_b)
    count, average = impressions_a
    assert figures.impressions[a] == {"average": average, "count": count}


def test_the_last_day_of_the_range_ends_at_midnight_in_shanghai(ratings):
    from feedback import services as feedback

    department = ratings["a1"].department
    feedback.impression_submit(
        department=department, score=5, device_hash="late", now=at(11, 12, 23)
    )
    feedback.impression_submit(
        department=department, score=1, device_hash="next-day", now=at(11, 13, 0)
    )

    figures = figures_for(date_from=date(2026, 11, 1), date_to=date(2026, 11, 12))

    # 4 and 2 on 11-10 and 5 at 23:00 on 11-12; the 1 at 00:00 on 11-13 is outside.
    assert figures.impressions[department.id] == {"average": 3.67, "count": 3}


def test_without_the_feedback_app_those_figures_are_none(city, monkeypatch):
    from django.apps import apps

    real = apps.is_installed
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name != "feedback" and real(name)
    )

    figures = figures_for()

    assert figures.satisfaction is None
    assert figures.impressions is None
    assert figures.rectifications is None
    assert figures.totals.received == 9


@pytest.mark.parametrize("count", [5, 50])
def test_the_number_of_queries_does_not_grow_with_cases(
    count, department_a, department_b, django_assert_max_num_queries, freeze
):
    from tests.dashboard.conftest import at, make_case

    for index in range(count):
        department = department_a if index % 2 else department_b
        make_case(department, "consultation", at(11, 1 + index % 19))
    freeze()

    # The departments, two scans of the cases, the service type names, three
    # feedback reads (satisfaction, impressions, rectifications), and five for
    # the 12345 office's figures (four counts, the pauses), four for the 知识库
    # panel (its day roll-ups, entries from cases, unanswered questions, entries
    # shown), five for the 预约 panel (bookings by window, day and status, the
    # pre-check marks, the schedules with their sessions, the closures).
    with django_assert_max_num_queries(21):
        figures_for()
