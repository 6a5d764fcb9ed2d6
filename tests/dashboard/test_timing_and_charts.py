"""The working-day index agrees with kernel.workdays; percentiles and charts."""

import random
from collections import Counter
from dataclasses import asdict
from datetime import date, datetime, timedelta

import pytest

from kernel.workdays import SHANGHAI, workdays_between
from portal.dashboard import charts
from portal.dashboard.timing import (
    add_months,
    duration_summary,
    last_months,
    workdays_from_to,
)


def test_it_agrees_with_workdays_between_across_years():
    rng = random.Random(9)
    for _ in range(500):
        start = date(2024, 10, 1) + timedelta(days=rng.randint(0, 800))
        end = start + timedelta(days=rng.randint(-5, 400))
        expected = workdays_between(
            start=datetime.combine(start, datetime.min.time(), tzinfo=SHANGHAI),
            end=datetime.combine(end, datetime.min.time(), tzinfo=SHANGHAI),
        )
        assert workdays_from_to(start, end) == expected, (start, end)


def test_national_day_2026_counts_two_working_days_from_09_30_to_10_09():
    assert workdays_from_to(date(2026, 9, 30), date(2026, 10, 9)) == 2
    # 10-10 is a make-up Saturday (调休): a working day.
    assert workdays_from_to(date(2026, 10, 9), date(2026, 10, 10)) == 1
    assert workdays_from_to(date(2026, 9, 30), date(2026, 9, 30)) == 0
    assert workdays_from_to(date(2026, 10, 9), date(2026, 9, 30)) == -2


@pytest.mark.parametrize(
    ("durations", "expected"),
    [
        ({}, {"count": 0, "average": None, "p90": None}),
        ({3: 1}, {"count": 1, "average": 3.0, "p90": 3}),
        # Ten cases: the 9th smallest is the 90th percentile (nearest rank).
        ({0: 1, 1: 5, 2: 3, 10: 1}, {"count": 10, "average": 2.1, "p90": 2}),
        ({1: 2, 2: 1, 8: 1}, {"count": 4, "average": 3.0, "p90": 8}),
    ],
)
def test_duration_summary_gives_mean_and_nearest_rank_p90(durations, expected):
    assert asdict(duration_summary(Counter(durations))) == expected


def test_months_roll_over_the_year():
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 1)
    assert last_months(date(2026, 11, 20))[0] == date(2025, 12, 1)
    assert len(last_months(date(2026, 11, 20))) == 12


def test_bars_escape_labels_and_carry_titles_and_links():
    svg = charts.horizontal_bars(
        chart_id="c",
        title="标题<i>",
        bars=[charts.Bar('<script>"局', 3, "3", "/admin/cases/case/?a=1&b=2")],
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;&quot;局：3</title>" in svg
    assert '<a href="/admin/cases/case/?a=1&amp;b=2">' in svg
    assert '<title id="c-title">标题&lt;i&gt;</title>' in svg
    assert 'role="img"' in svg


def test_long_value_texts_stay_inside_the_chart():
    import re

    bars = [
        charts.Bar("财政局", 1.0, "100.0%（12 条评价）"),
        charts.Bar("劳动和社会保障局", 0.5, "50.0%（1,204 条评价）"),
    ]

    svg = str(charts.horizontal_bars(chart_id="c", title="满意率", bars=bars))

    width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    for bar in bars:
        x = float(
            re.search(rf'<text x="([\d.]+)"[^>]*>{re.escape(bar.display)}<', svg)[1]
        )
        # A Latin glyph at font-size 12 is at most 7.2 px wide, a CJK one 12 px.
        drawn = sum(7.2 if ord(c) < 0x2E80 else 12 for c in bar.display)
        assert x + drawn <= width, bar.display


def test_an_empty_chart_says_so():
    assert "暂无数据" in charts.horizontal_bars(chart_id="e", title="空", bars=[])


def test_columns_stack_by_series_with_a_legend():
    svg = charts.stacked_columns(
        chart_id="m",
        title="月度",
        columns=[charts.Column("11月", {"a": 3, "b": 2}, {"a": "/x"})],
        series=[
            charts.Series("a", "咨询求助", "#111"),
            charts.Series("b", "投诉举报", "#222"),
        ],
    )

    assert "<title>11月 咨询求助：3</title>" in svg
    assert "<title>11月 投诉举报：2</title>" in svg
    assert svg.count('<a href="/x">') == 1
    assert ">投诉举报</text>" in svg


@pytest.mark.parametrize(
    ("value", "step"), [(0, 1), (3, 1), (7, 2), (46, 10), (330, 100), (4800, 1000)]
)
def test_axis_steps_are_round_whole_numbers(value, step):
    assert charts.axis_step(value) == step
