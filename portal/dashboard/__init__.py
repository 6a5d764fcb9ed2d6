"""The dashboard: what supervisors and heads look at instead of reading rows, and
the public statistics (数据公开) citizens see.

It spans cases, departments and feedback, so it lives in `portal/` rather than in
any one of them, and reads each through what it offers others, never its models
(`cases.statistics` and `cases.workflow`, `departments.selectors`,
`feedback.selectors`; an import-linter contract in pyproject.toml checks it):

- `timing.py`: Asia/Shanghai periods and working-day durations (`Durations`);
- `selectors.py`: every figure of the staff dashboard, cached briefly;
- `public_stats.py`: the figures of 数据公开, cached for five minutes;
- `figures.py`: the figures as frozen dataclasses (`DashboardFigures`);
- `rates.py`: 按时答复率, 办结率 and 满意率, defined once for the dashboard and
  数据公开;
- `feedback_figures.py`: satisfaction, impressions and rectifications, through
  `feedback.selectors` only, answering None while that app is missing;
- `presentation.py`, `charts.py`, `links.py`: cards, inline SVG charts and the
  links to the cases behind every number;
- `office_figures.py`, `presentation_office.py`: the 12345 office's figures
  (签收及时率, 退单率, 重办率, 回访率, 回访满意率, 平均办理用时, 协办) and how the
  dashboard prints them;
- `monthly.py`, `monthly_workbook.py`, `monthly_views.py`: 月度考核通报, the
  monthly assessment report, as a printable page and an XLSX download;
- `views.py` (the admin index), `api.py` (`GET /api/v1/stats/`), `qr.py`.

docs/dashboard.md describes the figures and their definitions.
"""
