"""The admin's first page (the dashboard above the usual app list) and the QR code
downloads. Both are wrapped in `admin.site.admin_view` (staff only) in urls.py."""

from django.contrib import admin
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from departments import selectors as department_selectors
from portal.dashboard import qr, selectors
from portal.dashboard.forms import DashboardFilterForm
from portal.dashboard.presentation import Links, cards, ranking, received_table
from portal.dashboard.presentation_charts import all_charts
from portal.dashboard.presentation_office import (
    appointments_card,
    knowledge_card,
    office_card,
)
from portal.dashboard.timing import local_date


def _scope(user) -> frozenset[int] | None:
    """The departments this user's figures cover; None for supervisors (all)."""
    return department_selectors.scope_for(user).ids_or_none()


def _unreachable_staff(user) -> list[str]:
    """For supervisors (everyone) and heads (their departments' staff): the staff
    with no e-mail address, whom `remind_overdue` cannot reach, named with role
    and department. Nobody else is shown the list. At most three queries."""
    heads_of = department_selectors.scope_for(user, "approve_extensions")
    if not (heads_of.everything or heads_of.department_ids):
        return []
    users = list(
        department_selectors.staff_without_email(department_ids=heads_of.ids_or_none())
    )
    if not users:
        return []
    names = department_selectors.staff_display_names(users=users)
    return [names[member.pk] for member in users]


def _monthly_url(user) -> str | None:
    """月度考核通报, for those who may read it: supervisors and heads."""
    heads_of = department_selectors.scope_for(user, "approve_extensions")
    if heads_of.everything or heads_of.department_ids:
        return reverse("dashboard-monthly")
    return None


@require_safe
def dashboard_index(request):
    """Figures for the user's departments (supervisors: all, or the one picked),
    over the picked submission dates (default: this year so far)."""
    now = timezone.now()
    today = local_date(now)
    scope = _scope(request.user)
    departments = selectors.scope_departments(department_ids=scope)
    form = DashboardFilterForm(
        request.GET or None, departments=departments, today=today
    )
    filters = form.filters()
    shown = scope if filters.department_id is None else {filters.department_id}
    figures = selectors.cached_dashboard_figures(
        department_ids=shown,
        date_from=filters.date_from,
        date_to=filters.date_to,
        now=now,
        # The picker's rows: the figures need not read them again.
        departments=[d for d in departments if shown is None or d["id"] in shown],
    )
    links = Links(filters, today)
    dashboard = {
        "form": form,
        "filters": filters,
        "sees_everything": scope is None,
        "departments_shown": [d["name"] for d in figures.departments],
        "received": received_table(figures, links),
        "cards": cards(figures, links),
        "office": office_card(figures.office),
        "knowledge": knowledge_card(figures),
        "appointments": appointments_card(figures),
        "charts": all_charts(figures, links),
        "ranking": ranking(figures, filters, links),
        "feedback_missing": figures.satisfaction is None,
        # The picker's departments, active ones: no second read of the same rows.
        "qr_targets": qr.target_choices(
            departments=[d for d in departments if d["is_active"]]
        ),
        "unreachable_staff": _unreachable_staff(request.user),
        "monthly_url": _monthly_url(request.user),
        "qr_captions": qr.caption_font_file() is not None,
    }
    response = admin.site.index(request, extra_context={"dashboard": dashboard})
    response.template_name = "admin/dashboard/index.html"
    return response


@require_safe
def qr_download(request):
    """?target=home|department:<id>|window:<id>|notice:<id>|case_form:<id>:<kind>&format=png|svg"""
    target = qr.resolve_target(
        target=request.GET.get("target", ""),
        base_url=request.build_absolute_uri("/"),
        scope=department_selectors.scope_for(request.user),
    )
    file_format = request.GET.get("format", "png")
    if target is None or file_format not in {"png", "svg"}:
        raise Http404(_("没有这个二维码。"))
    if file_format == "svg":
        response = HttpResponse(
            qr.qr_svg(url=target.url, caption=target.caption),
            content_type="image/svg+xml; charset=utf-8",
        )
    else:
        image, captioned = qr.qr_png(url=target.url, caption=target.caption)
        response = HttpResponse(image, content_type="image/png")
        # Without a CJK font the PNG has no name under it; say so, so that
        # whoever prints it knows to take the SVG.
        response["X-QR-Caption"] = "yes" if captioned else "none"
    response["Content-Disposition"] = (
        f'attachment; filename="{target.filename}.{file_format}"'
    )
    return response
