"""/admin/dashboard/monthly/?month=2026-11[&format=xlsx]: 月度考核通报 as a
printable page or an Excel download.

Supervisors see every department, heads (部门负责人: approve_extensions) the
departments they head; anyone else on the staff is refused with 403, as the admin
refuses a page one may not see (non-staff never get past `admin_view`). A month
that is not YYYY-MM, before 2020 or after this month is a 400 naming `month`.
Without `month`: last month, the one a report is usually drawn up for.
"""

import re
from datetime import date

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from departments import selectors as department_selectors
from portal.dashboard.monthly import monthly_report, report_cells
from portal.dashboard.monthly_workbook import details, monthly_xlsx, report_title
from portal.dashboard.timing import add_months, local_date, month_start

FIRST_YEAR = 2020
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(value: str | None, *, today: date) -> tuple[date | None, str | None]:
    """(first day of the month, None) or (None, the Chinese error for `month`)."""
    if not value:
        return add_months(today, -1), None
    match = _MONTH.fullmatch(value.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        return None, _("月份格式应为 YYYY-MM，例如 2026-11。")
    month = date(int(match[1]), int(match[2]), 1)
    if month.year < FIRST_YEAR:
        return None, _("月份不能早于 %(year)s 年。") % {"year": FIRST_YEAR}
    if month > month_start(today):
        return None, _("月份不能晚于本月。")
    return month, None


def _report_scope(user) -> frozenset[int] | None:
    """None for supervisors (all); the departments a head heads; else refused."""
    heads_of = department_selectors.scope_for(user, "approve_extensions")
    if heads_of.everything:
        return None
    if not heads_of.department_ids:
        raise PermissionDenied(_("只有督办人员和部门负责人可以查看月度考核通报。"))
    return frozenset(heads_of.department_ids)


@require_safe
def monthly_report_view(request):
    scope = _report_scope(request.user)
    now = timezone.now()
    month, error = parse_month(request.GET.get("month"), today=local_date(now))
    if error:
        if request.GET.get("format") == "xlsx":
            return HttpResponse(
                f"month: {error}", status=400, content_type="text/plain; charset=utf-8"
            )
        return render(
            request,
            "admin/dashboard/monthly.html",
            {
                **admin.site.each_context(request),
                "title": _("月度考核通报"),
                "errors": {"month": [error]},
                "month_value": request.GET.get("month", ""),
            },
            status=400,
        )
    report = monthly_report(
        department_ids=None if scope is None else sorted(scope),
        month=month,
        now=now,
    )
    exporter = request.user.get_full_name() or request.user.get_username()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            monthly_xlsx(report=report, exporter=exporter),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
        response["Content-Disposition"] = (
            f'attachment; filename="monthly-report-{month:%Y-%m}.xlsx"'
        )
        return response
    headers, rows, total = report_cells(report)
    return render(
        request,
        "admin/dashboard/monthly.html",
        {
            **admin.site.each_context(request),
            "title": report_title(report),
            "report": report,
            "headers": headers,
            "rows": rows,
            "total": total,
            "details": details(report, exporter, now),
            "month_value": f"{month:%Y-%m}",
            "previous_month": f"{add_months(month, -1):%Y-%m}",
            "next_month": (
                f"{add_months(month, 1):%Y-%m}"
                if add_months(month, 1) <= month_start(local_date(now))
                else None
            ),
        },
    )
