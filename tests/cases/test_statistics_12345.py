"""The 12345 office's counts (`cases.statistics.office_counts`, `pause_days`) on
the small city of `tests.dashboard.office_city`, counted by hand there."""

from datetime import date

import pytest

from cases import statistics
from cases.rollups import rollups_rebuild
from cases.statistics import OfficeCounts
from tests.dashboard.office_city import END, NOW, START, build_office_city


@pytest.fixture
def city(department_a, department_b):
    return build_office_city(department_a, department_b)


def counts(**kwargs):
    return statistics.office_counts(
        department_ids=kwargs.pop("department_ids", None),
        start=kwargs.pop("start", START),
        end=kwargs.pop("end", END),
        now=NOW,
        **kwargs,
    )


def test_it_counts_every_figure_of_each_department_by_hand(
    city, department_a, department_b
):
    figures = counts(escalations=True)

    assert figures[department_a.id] == OfficeCounts(
        sign_due=3,
        signed_on_time=1,
        sent_back=2,
        closed=4,
        redone=1,
        called_back=3,
        callbacks=3,
        callbacks_satisfied=2,
        urges=2,
        supervisions=1,
        reports=1,
    )
    # B's own figures: the 协办 asked of it, nothing of A's.
    assert figures[department_b.id] == OfficeCounts(
        co_invited=3, co_answered=1, co_on_time=1, co_late_open=1
    )


def test_a_send_back_belongs_to_the_department_that_sent_it_after_dispatch(
    city, department_a, department_b
):
    only_b = counts(department_ids=[department_b.id])

    assert only_b[department_b.id].sent_back == 0
    assert counts(department_ids=[department_a.id])[department_a.id].sent_back == 2


def test_escalations_are_left_out_unless_asked_for(city, department_a):
    assert counts()[department_a.id].urges == 0


def test_another_month_counts_only_its_own(city, department_a):
    october = counts(start=START.replace(month=10), end=START, escalations=True)

    assert october[department_a.id] == OfficeCounts(sent_back=1)


def test_pauses_are_grouped_by_the_days_they_began_and_ended(city, department_a):
    pauses = statistics.pause_days(department_ids=None, start=START, end=END)

    assert pauses == [
        statistics.PauseDays(department_a.id, date(2026, 11, 10), date(2026, 11, 12), 1)
    ]


@pytest.mark.parametrize("departments", [1, 4])
def test_the_counts_take_four_queries_whatever_the_departments(
    departments, city, django_assert_num_queries
):
    from tests.factories import DepartmentFactory

    ids = [DepartmentFactory().id for _ in range(departments)]
    with django_assert_num_queries(4):
        counts(department_ids=ids, escalations=True)
    with django_assert_num_queries(1):
        statistics.pause_days(department_ids=ids, start=START, end=END)


def test_co_handling_and_escalations_agree_with_their_owners_selectors(
    city, department_a, department_b
):
    from cases.selectors_escalation import escalation_counts
    from cases.selectors_team import co_handling_figures

    ours = counts(escalations=True)
    team = co_handling_figures(department_ids=None, since=START, until=END)
    assert team[department_b.id] == {
        "invited": ours[department_b.id].co_invited,
        "answered": ours[department_b.id].co_answered,
        "answered_on_time": ours[department_b.id].co_on_time,
    }
    rungs = escalation_counts(department_ids=None, since=START, until=END)
    a = ours[department_a.id]
    assert rungs[department_a.id] == {
        "urge": a.urges,
        "supervise": a.supervisions,
        "report": a.reports,
    }


def test_a_send_back_counts_in_the_month_its_case_arrived(city, department_a):
    from tests.dashboard.office_city import Action, Status, _event, at

    # c1 arrived in November; sent back in December, it is November's 退单.
    _event(city["c1"], Action.SEND_BACK, at(12, 1, 10), to_status=Status.RETURNED)
    rollups_rebuild()  # the event was written around the services

    assert counts()[department_a.id].sent_back == 3
