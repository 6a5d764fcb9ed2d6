"""The 12345 office's figures per department (签收及时率, 退单率, 重办率, 回访率,
回访满意率, 平均办理用时, 协办), for the dashboard and the monthly report.

`cases.statistics.office_counts` counts in the database; this module adds the one
thing it cannot do, working days. 平均办理用时 is, over the answered cases received
in the period, the working days from arrival to the first answer
(`timing.workdays_from_to`, whole Asia/Shanghai days, like 平均答复用时) minus the
working days each pause (待补充材料) took, counted the same way from the day it
began to the day it ended. The total is additive, so the average needs no
per-case rows: Σ days − Σ paused days, divided by the answered cases.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

from cases import statistics
from cases.statistics import AnswerWorkdays, OfficeCounts
from portal.dashboard.figures import OfficeFigures
from portal.dashboard.timing import workdays_from_to


def handling_days(
    *, answers: Iterable[AnswerWorkdays], pauses: Iterable[statistics.PauseDays]
) -> dict[int, tuple[int, int]]:
    """Per department: (answered cases with an answer day, their working days
    to the answer minus their paused working days)."""
    handled: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for group in answers:
        if group.measure != "reply":  # old imports without the moment have none
            continue
        handled[group.department_id][0] += group.count
        handled[group.department_id][1] += group.workdays * group.count
    for pause in pauses:
        if pause.ended_on is None or pause.department_id not in handled:
            continue
        paused = workdays_from_to(pause.paused_on, pause.ended_on)
        handled[pause.department_id][1] -= paused * pause.count
    return {pk: (count, max(days, 0)) for pk, (count, days) in handled.items()}


def office_figures(
    *,
    department_ids: Collection[int] | None,
    start: datetime,
    end: datetime,
    now: datetime,
    received: Mapping[int, int],
    answers: Iterable[AnswerWorkdays] | None = None,
    escalations: bool = False,
) -> dict[int, OfficeFigures]:
    """Per department in `received` or with something to count, the
    `OfficeFigures` of [start, end). `received` is the cases received per
    department (the caller has it already); `answers` the caller's
    `answer_workdays`, read here if not given. Four queries, five with
    `escalations` (催办/督办/通报), six without `answers`."""
    counts = statistics.office_counts(
        department_ids=department_ids,
        start=start,
        end=end,
        now=now,
        escalations=escalations,
    )
    if answers is None:
        answers = statistics.answer_workdays(
            department_ids=department_ids, start=start, end=end
        )
    handled = handling_days(
        answers=answers,
        pauses=statistics.pause_days(
            department_ids=department_ids, start=start, end=end
        ),
    )
    ids = set(received) | set(counts) | set(handled)
    if department_ids is not None:
        ids &= set(department_ids)
    return {
        pk: OfficeFigures(
            received=received.get(pk, 0),
            counts=counts.get(pk, OfficeCounts()),
            handled=handled.get(pk, (0, 0))[0],
            handling_days=handled.get(pk, (0, 0))[1],
        )
        for pk in ids
    }
