"""The roll-ups agree with the raw rows, whatever happens to the cases.

Random cities: cases submitted on random Asia/Shanghai days and hours (around
midnight too), of every kind, to a department, with a service type or routed
to the dispatch centre; then random steps through the real services (accept,
reply, close, reject, sign, transfer, send back and dispatch, callbacks,
redo, reopen, merge), ratings and impressions through the feedback services.
After each city:

- the roll-up tables equal what `rollups_rebuild` computes from the raw rows
  (the feedback app's too, when it has them);
- the dashboard, 数据公开 and the monthly report computed from the roll-ups equal
  the same figures computed from the raw rows (`cases.statistics_rows`).
"""

import threading
import time
from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import rollups, services, statistics, statistics_figures, statistics_rows
from cases.models import (
    Case,
    CaseAnswerDayCount,
    CaseAnswerMonthCount,
    CaseDayCount,
    CaseMonthCount,
    CaseSendBackCount,
)
from feedback import services as feedback_services
from kernel.workdays import SHANGHAI
from portal.dashboard.monthly import monthly_report
from portal.dashboard.public_stats import public_stats
from portal.dashboard.selectors import dashboard_figures
from tests.factories import ServiceTypeFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=SHANGHAI)
STEPS = [
    "accept",
    "reply",
    "close",
    "reject",
    "sign",
    "transfer",
    "send_back",
    "dispatch",
    "callback_ok",
    "callback_bad",
    "redo",
    "reopen",
    "merge",
    "rate",
    "impression",
]

# Paths that get somewhere, then anything: random steps alone rarely reach 已办结.
PATHS = [
    [],
    ["accept"],
    ["accept", "reply"],
    ["accept", "reply", "close"],
    ["sign", "accept", "reply", "close"],
    ["dispatch", "sign", "accept", "reply"],
    ["accept", "reply", "close", "callback_ok", "rate"],
    ["accept", "reply", "close", "callback_bad", "reply", "close"],
    ["transfer", "sign", "accept", "reply", "rate"],
    ["send_back", "dispatch", "sign", "accept", "reject"],
    ["merge", "reply", "close"],
    ["accept", "reply", "close", "reopen", "reply"],
]
steps = st.tuples(
    st.sampled_from(PATHS),
    st.lists(st.sampled_from(STEPS), max_size=4),
).map(lambda parts: parts[0] + parts[1])
a_case = st.tuples(
    st.sampled_from(list(Case.Kind.values)),
    st.sampled_from(["a", "b", "a_typed", "routed"]),
    st.integers(min_value=1, max_value=45),  # days before NOW
    st.integers(min_value=0, max_value=23),  # Shanghai hour
    steps,
    st.lists(st.integers(min_value=1, max_value=60), min_size=10, max_size=10),
)


class Rollback(Exception):
    pass


class Clock:
    """timezone.now() for the services that take no `now`."""

    def __init__(self):
        self.moment = NOW

    def __call__(self):
        return self.moment


@pytest.fixture
def world(department_a, department_b, supervisor, dispatcher, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    noise = ServiceTypeFactory(name="噪音扰民", window__department=department_a)
    return {
        "a": department_a,
        "b": department_b,
        "noise": noise,
        "supervisor": supervisor,
        "dispatcher": dispatcher,
        "clock": clock,
    }


def _submit(world, kind, where, submitted):
    department = {"a": world["a"], "a_typed": world["a"], "b": world["b"]}.get(where)
    fields = {
        "kind": kind,
        "title": "小区门口车辆乱停",
        "content": "小区门口每天早上都有车辆乱停，影响通行。",
        "department_id": department.id if department else None,
        "service_type_id": world["noise"].id if where == "a_typed" else None,
        "channel": Case.Channel.H5,
        "contact_name": "王小明",
        "contact_phone": "13812345678",
        "complainee": "某物业公司" if kind == Case.Kind.COMPLAINT else "",
    }
    world["clock"].moment = submitted
    return services.case_submit(
        submission=services.CaseSubmission(**fields), now=submitted
    ).case


def _step(world, case, step, moment, others):
    """Take `step` if the case's state allows it; refusals are part of the game."""
    case = Case.objects.get(pk=case.pk)
    world["clock"].moment = moment
    supervisor, dispatcher = world["supervisor"], world["dispatcher"]
    other = world["b"] if case.department_id == world["a"].id else world["a"]
    plain = {"accept": "accepted", "reply": "replied", "close": "closed"}
    if step in plain:
        services.case_transition(
            case=case, to_status=plain[step], reply="已答复。", now=moment
        )
    elif step == "reject":
        services.case_transition(
            case=case, to_status="rejected", reason="不属于受理范围。", now=moment
        )
    elif step == "sign":
        services.case_sign(case=case, actor=supervisor)
    elif step == "transfer":
        services.case_transfer(
            case=case, to_department_id=other.id, actor=supervisor, reason="职责不符"
        )
    elif step == "send_back":
        services.case_send_back(
            case=case, actor=supervisor, reason="不属本部门职责", basis="职责清单第3条"
        )
    elif step == "dispatch":
        services.case_dispatch(case=case, to_department_id=other.id, actor=dispatcher)
    elif step in {"callback_ok", "callback_bad"}:
        result = "satisfied" if step == "callback_ok" else "dissatisfied"
        services.case_callback(case=case, actor=supervisor, result=result, now=moment)
    elif step == "redo":
        services.case_redo(case=case, actor=supervisor, note="再次办理", now=moment)
    elif step == "reopen":
        services.case_reopen(case=case, actor=supervisor, note="答复不完整")
    elif step == "merge" and others:
        services.case_merge(
            case=case, actor=supervisor, main_number=others[0].number, now=moment
        )
    elif step == "rate":
        feedback_services.evaluation_submit(case=case, level=moment.hour % 5 + 1)
    elif step == "impression":
        feedback_services.impression_submit(
            department=case.department,
            score=moment.hour % 5 + 1,
            device_hash=f"device-{case.pk}-{moment:%j%H}",
            now=moment,
        )


# Counted by rows appended per submission until a recompute folds them
# (cases.rollups.case_submitted): compared by their sums per group.
APPENDED = (CaseDayCount, CaseMonthCount)
GROUPING = ("day", "month", "department_id", "kind", "service_type_id", "status")


def _rows(model):
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    rows = model.objects.values_list(*fields)
    if model in APPENDED:
        key = [i for i, name in enumerate(fields) if name in GROUPING]
        sums: dict[tuple, list[int]] = {}
        for row in rows:
            counts = [v for i, v in enumerate(row) if i not in key]
            total = sums.setdefault(tuple(row[i] for i in key), [0] * len(counts))
            total[:] = [a + b for a, b in zip(total, counts, strict=True)]
        rows = [(*group, *counts) for group, counts in sums.items()]
    return sorted(rows, key=repr)


def _rollup_models():
    """The cases' roll-ups and the feedback app's (H3), by table name."""
    models = [
        CaseDayCount,
        CaseMonthCount,
        CaseAnswerDayCount,
        CaseAnswerMonthCount,
        CaseSendBackCount,
    ]
    models += [
        model
        for model in apps.get_app_config("feedback").get_models()
        if "rollup" in model._meta.db_table
    ]
    return models


def _rebuild_all():
    rollups.rollups_rebuild(calendar=False)  # the same calendar all along
    try:
        from feedback.services import rollups as feedback_rollups
    except ImportError:
        return
    if hasattr(feedback_rollups, "rollups_rebuild"):
        feedback_rollups.rollups_rebuild()


def _raw_case_rows(department_ids, start, end, now):
    return statistics_rows.office_case_rows(
        department_ids=department_ids, start=start, end=end, now=now
    )


def _raw_send_back_rows(department_ids, start, end):
    return statistics_rows.office_send_back_rows(
        department_ids=department_ids, start=start, end=end
    )


def _figures(world):
    a = world["a"].id
    return {
        "dashboard": [
            dashboard_figures(
                department_ids=None,
                date_from=date(2026, 10, 1),
                date_to=NOW.date(),
                now=NOW,
            ),
            dashboard_figures(
                department_ids={a},
                date_from=date(2026, 11, 3),
                date_to=date(2026, 11, 19),
                now=NOW,
            ),
        ],
        "public": public_stats(year=2026, now=NOW),
        "monthly": [
            monthly_report(department_ids=None, month=date(2026, 10, 1), now=NOW),
            monthly_report(department_ids=[a], month=date(2026, 11, 1), now=NOW),
        ],
    }


def _raw_figures(world, monkeypatch):
    with monkeypatch.context() as patched:
        for name in ("case_counts", "answer_workdays", "received_rate_counts"):
            patched.setattr(statistics, name, getattr(statistics_rows, name))
        patched.setattr(statistics_figures, "_case_rows", _raw_case_rows)
        patched.setattr(statistics_figures, "_send_back_rows", _raw_send_back_rows)
        return _figures(world)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(city=st.lists(a_case, min_size=1, max_size=5))
def test_the_rollups_equal_the_rebuild_and_the_figures_the_raw_rows(
    world, monkeypatch, city
):
    try:
        with transaction.atomic():
            made = []
            for kind, where, days, hour, path, gaps in city:
                day = NOW.date() - timedelta(days=days)
                submitted = datetime(day.year, day.month, day.day, hour, 30).replace(
                    tzinfo=SHANGHAI
                )
                case = _submit(world, kind, where, submitted)
                moment = submitted
                for step, hours in zip(path, gaps, strict=False):
                    moment = min(moment + timedelta(hours=hours), NOW)
                    try:
                        with transaction.atomic():
                            _step(world, case, step, moment, made)
                    except (ValidationError, PermissionDenied):
                        pass
                made.append(case)
            world["clock"].moment = NOW

            kept = {model: _rows(model) for model in _rollup_models()}
            assert _figures(world) == _raw_figures(world, monkeypatch)
            _rebuild_all()
            for model, rows in kept.items():
                assert _rows(model) == rows, model._meta.db_table
            raise Rollback
    except Rollback:
        pass


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrent transactions need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_bucket_leave_it_equal_to_the_rebuild(
    department_a, department_b
):
    """Four transactions change cases of one bucket at once, each holding its
    transaction open a moment after its step: every change is counted."""
    day = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    world = {"a": department_a, "b": department_b, "noise": None, "clock": Clock()}
    cases = [
        _submit(world, Case.Kind.CONSULTATION, "a", day + timedelta(minutes=n))
        for n in range(4)
    ]
    steps = ["accepted", "rejected", "accepted", "rejected"]
    barrier = threading.Barrier(len(cases))
    errors = []

    def work(case, to_status):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                services.case_transition(
                    case=case,
                    to_status=to_status,
                    reason="不属于受理范围。",
                    now=day + timedelta(hours=3),
                )
                time.sleep(0.2)  # the others' steps run meanwhile
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=work, args=pair)
        for pair in zip(cases, steps, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    # The months too: each writer rewrote the month from its days under the
    # month's lock, so the last one saw every other's committed day rows.
    tables = (CaseDayCount, CaseMonthCount, CaseAnswerDayCount, CaseAnswerMonthCount)
    kept = {model: _rows(model) for model in tables}
    statuses = {
        model: {status: cases for _, _, _, status, _, cases, *_ in _rows(model)}
        for model in (CaseDayCount, CaseMonthCount)
    }
    rollups.rollups_rebuild()
    for model, rows in kept.items():
        assert _rows(model) == rows, model
    assert statuses[CaseDayCount] == {"accepted": 2, "rejected": 2}
    assert statuses[CaseMonthCount] == {"accepted": 2, "rejected": 2}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real concurrent transactions need PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_submissions_to_one_bucket_do_not_wait_for_each_other_and_are_all_counted(
    department_a, department_b
):
    """Eight submissions to one department and day at once, each holding its
    transaction open, beside a step on a case of that bucket (whose recompute
    waits for them): the submissions overlap (none queues behind another's
    commit) and every case is counted; later submissions' rows, appended, are
    folded by the compaction into what a rebuild computes."""
    day = datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)
    world = {"a": department_a, "b": department_b, "noise": None, "clock": Clock()}
    earlier = _submit(world, Case.Kind.CONSULTATION, "a", day)
    barrier = threading.Barrier(9)
    errors, held = [], []
    real_submitted = rollups.case_submitted

    def counted_then_held(*, case):
        real_submitted(case=case)
        start = time.monotonic()
        time.sleep(0.3)  # the roll-up locks held, as to a slow commit
        held.append((start, time.monotonic()))

    def submit(n):
        try:
            barrier.wait(timeout=10)
            _submit(world, Case.Kind.COMPLAINT, "a", day + timedelta(minutes=n + 1))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def step():
        try:
            barrier.wait(timeout=10)
            time.sleep(0.1)
            services.case_transition(
                case=Case.objects.get(pk=earlier.pk),
                to_status="accepted",
                now=day + timedelta(hours=1),
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    rollups.case_submitted = counted_then_held
    try:
        threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
        threads.append(threading.Thread(target=step))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        rollups.case_submitted = real_submitted

    assert errors == []
    # Overlapping: the last to start did so before the first had finished.
    assert max(start for start, _ in held) < min(end for _, end in held)
    for n in (10, 11):
        _submit(world, Case.Kind.COMPLAINT, "a", day + timedelta(minutes=n))
    assert CaseDayCount.objects.count() > 2  # appended rows, not yet folded
    summed = {model: _rows(model) for model in (CaseDayCount, CaseMonthCount)}
    statuses = {s: c for _, _, _, s, _, c, *_ in summed[CaseDayCount]}
    assert statuses == {"accepted": 1, "submitted": 10}

    assert rollups.rollups_compact(since=day.date()) == 1
    assert CaseDayCount.objects.count() == CaseMonthCount.objects.count() == 2
    assert rollups.rollups_compact(since=day.date()) == 0
    rollups.rollups_rebuild()
    for model, rows in summed.items():
        assert _rows(model) == rows, model
