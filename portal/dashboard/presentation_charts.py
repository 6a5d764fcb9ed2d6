"""The dashboard's five charts, each with the table of the same figures beside it
(what screen readers, printouts and people who want the exact number read)."""

from datetime import timedelta

from django.utils.translation import gettext as _

from cases import workflow
from cases.statistics import Kind
from portal.dashboard import charts
from portal.dashboard.figures import DashboardFigures
from portal.dashboard.links import submitted_between
from portal.dashboard.presentation import (
    Links,
    cell,
    department_rows,
    percent,
    statuses,
)
from portal.dashboard.timing import add_months

KIND_COLOURS = {
    Kind.CONSULTATION: "#2563eb",
    Kind.COMPLAINT: "#dc2626",
    Kind.SUGGESTION: "#059669",
}
TOP_SERVICE_TYPES = 10


def _chart(chart_id, title, svg, headers, rows, note="") -> dict:
    return {
        "id": chart_id,
        "title": title,
        "svg": svg,
        "table": {"headers": headers, "rows": rows},
        "note": note,
    }


def monthly_chart(figures: DashboardFigures, links: Links) -> dict:
    """Cases received per month for the last 12 months, stacked by kind."""
    series = [
        charts.Series(kind, str(label), KIND_COLOURS[kind])
        for kind, label in Kind.choices
    ]
    columns, rows = [], []
    for month in figures.monthly:
        last_day = add_months(month.month, 1) - timedelta(days=1)
        period = submitted_between(month.month, last_day)
        hrefs = {kind: links.cases(**period, kind__exact=kind) for kind in Kind.values}
        columns.append(
            charts.Column(
                _("%(month)d月") % {"month": month.month.month},
                {kind: month.by_kind[kind] for kind in Kind.values},
                hrefs,
            )
        )
        rows.append(
            [
                cell(f"{month.month:%Y-%m}"),
                *(cell(month.by_kind[kind], hrefs[kind]) for kind in Kind.values),
                cell(month.total, links.cases(**period)),
            ]
        )
    title = _("近12个月受理量（按类型）")
    return _chart(
        "chart-monthly",
        title,
        charts.stacked_columns(
            chart_id="chart-monthly", title=title, columns=columns, series=series
        ),
        [_("月份"), *(s.label for s in series), _("合计")],
        rows,
    )


def _department_chart(*, chart_id, title, header, bars, colour, max_value=None):
    bars = sorted(bars, key=lambda bar: bar.value, reverse=True)
    svg = charts.horizontal_bars(
        chart_id=chart_id, title=title, bars=bars, colour=colour, max_value=max_value
    )
    table = [[cell(bar.label), cell(bar.display, bar.href)] for bar in bars]
    return _chart(chart_id, title, svg, [_("部门"), header], table)


def department_charts(figures: DashboardFigures, links: Links) -> list[dict]:
    """Backlog, on-time reply rate and satisfaction, per department."""
    rows = department_rows(figures)
    backlog_statuses = statuses(workflow.BACKLOG)
    backlog = _department_chart(
        chart_id="chart-backlog",
        title=_("各部门待处理诉求（当前）"),
        header=_("待处理（其中超期）"),
        bars=[
            charts.Bar(
                row.name,
                row.figures.open,
                _("%(open)d（超期 %(overdue)d）")
                % {"open": row.figures.open, "overdue": row.figures.overdue},
                links.cases(row.id, status__in=backlog_statuses),
            )
            for row in rows
            if row.figures.open
        ],
        colour="#b45309",
    )
    on_time = _department_chart(
        chart_id="chart-on-time",
        title=_("各部门按时答复率"),
        header=_("按时答复率"),
        bars=[
            charts.Bar(
                row.name,
                row.on_time_rate * 100,
                percent(row.on_time_rate),
                links.answered(row.id),
            )
            for row in rows
            if row.on_time_rate is not None
        ],
        colour="#2563eb",
        max_value=100,
    )
    satisfaction = _department_chart(
        chart_id="chart-satisfaction",
        title=_("各部门满意率（所选期间内评价中满意与非常满意占比）"),
        header=_("满意率"),
        bars=[
            charts.Bar(
                row.name,
                row.satisfaction_rate * 100,
                _("%(rate)s（%(rated)d 条评价）")
                % {"rate": percent(row.satisfaction_rate), "rated": row.rated},
                links.evaluations(row.id),
            )
            for row in rows
            if row.satisfaction_rate is not None
        ],
        colour="#059669",
        max_value=100,
    )
    if figures.satisfaction is None:
        satisfaction["note"] = _("评价模块尚未启用，暂无满意率数据。")
    return [backlog, on_time, satisfaction]


def complaint_chart(figures: DashboardFigures, links: Links) -> dict:
    """Complaints in the date range by service type: the ten largest, the rest."""
    types = figures.complaint_types
    complaint = Kind.COMPLAINT
    bars = []
    for item in types[:TOP_SERVICE_TYPES]:
        if item.id is None:
            label = _("未选择服务类型")
            href = links.in_range(kind__exact=complaint, service_type__isnull="1")
        else:
            label = item.name
            href = links.in_range(
                kind__exact=complaint, service_type__id__exact=item.id
            )
        bars.append(charts.Bar(label, item.count, str(item.count), href))
    rest = sum(item.count for item in types[TOP_SERVICE_TYPES:])
    if rest:
        bars.append(
            charts.Bar(
                _("其他"), rest, str(rest), links.in_range(kind__exact=complaint)
            )
        )
    title = _("投诉举报按服务类型")
    svg = charts.horizontal_bars(
        chart_id="chart-complaints", title=title, bars=bars, colour="#dc2626"
    )
    table = [[cell(bar.label), cell(bar.display, bar.href)] for bar in bars]
    return _chart("chart-complaints", title, svg, [_("服务类型"), _("件数")], table)


def all_charts(figures: DashboardFigures, links: Links) -> list[dict]:
    return [
        monthly_chart(figures, links),
        *department_charts(figures, links),
        complaint_chart(figures, links),
    ]
