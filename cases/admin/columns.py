"""What the case list and the case page show for a case beyond its fields: the
status as a coloured badge, its deadline with a late or due-soon mark, 紧急 before
the title, and whether the department has signed for it (签收).

The list fits a 1280 px office screen beside the admin's menu: moments are written
short (2026-11-16 06:59, Asia/Shanghai), deadlines as their day, departments by
their short names (kernel.admin_widgets)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import selectors, selectors_dispatch
from cases.models import Case
from kernel.admin_widgets import department_abbr, due_day, short_moment

STATUS_COLOURS = {
    Case.Status.SUBMITTED: "#b45309",
    Case.Status.ACCEPTED: "#1d4ed8",
    Case.Status.REPLIED: "#047857",
    Case.Status.CLOSED: "#4b5563",
    Case.Status.REJECTED: "#b91c1c",
    Case.Status.RETURNED: "#7c3aed",
    Case.Status.WAITING: "#0e7490",
    Case.Status.DISPATCHING: "#9333ea",
    Case.Status.MERGED: "#6b7280",
    Case.Status.SPLIT: "#6b7280",
}


@admin.display(description=gettext_lazy("状态"), ordering="status")
def status_badge(case):
    return format_html(
        '<span style="color:#fff;background:{};padding:2px 8px;border-radius:10px;'
        'white-space:nowrap">{}</span>',
        STATUS_COLOURS.get(case.status, "#4b5563"),
        case.get_status_display(),
    )


@admin.display(description=gettext_lazy("时限提醒"))
def deadline_mark(case):
    state = selectors.deadline_state(case=case, now=timezone.now())
    if state == "overdue":
        return format_html('<strong style="color:#b91c1c">{}</strong>', _("已超期"))
    if state == "due_soon":
        return format_html(
            '<strong style="color:#b45309">{}</strong>', _("24小时内到期")
        )
    return "—"


@admin.display(description=gettext_lazy("提交时间"), ordering="submitted_at")
def submitted(case):
    return short_moment(case.submitted_at)


@admin.display(description=gettext_lazy("办理时限"), ordering="due_at")
def deadline(case):
    """The due day, with 已超期 or 24小时内到期 beside it while that applies."""
    mark = deadline_mark(case)
    if mark == "—":
        return due_day(case.due_at)
    return format_html("{} {}", due_day(case.due_at), mark)


@admin.display(description=gettext_lazy("承办部门"), ordering="department__sort_order")
def department_name(case):
    return department_abbr(case.department)


@admin.display(description=gettext_lazy("督办"), ordering="is_supervised")
def supervised(case):
    """已督办 in red, or a dash: a column of red crosses said "no" on every row."""
    if case.is_supervised:
        return format_html('<strong style="color:#b91c1c">{}</strong>', _("已督办"))
    return "—"


@admin.display(description=gettext_lazy("标题"), ordering="title")
def title_marked(case):
    """The title, with 紧急 in red before it for an urgent case."""
    if case.is_urgent:
        return format_html(
            '<strong class="case-urgent">{}</strong> {}', _("紧急"), case.title
        )
    return case.title


@admin.display(description=gettext_lazy("签收"), ordering="sign_due_at")
def sign_state(case):
    """待签收 (with its limit), 签收超时 in red, 已签收, or a dash when the case
    came without a sign-for limit."""
    state = selectors_dispatch.sign_state(case=case, now=timezone.now())
    if state == selectors_dispatch.SIGN_OVERDUE:
        return format_html('<strong style="color:#b91c1c">{}</strong>', _("签收超时"))
    if state == selectors_dispatch.SIGN_PENDING:
        return format_html(
            '{} <span style="color:#6b7280">{}</span>',
            _("待签收"),
            short_moment(case.sign_due_at),
        )
    if state == selectors_dispatch.SIGNED:
        return _("已签收")
    return "—"


@admin.display(description=gettext_lazy("状态"), ordering="status")
def status_with_sign(case):
    """The list's status: the badge, with 待签收 or 签收超时 under it while the
    department has not signed (a column of its own did not fit a 1280 px screen)."""
    state = selectors_dispatch.sign_state(case=case, now=timezone.now())
    if state not in {selectors_dispatch.SIGN_OVERDUE, selectors_dispatch.SIGN_PENDING}:
        return status_badge(case)
    return format_html("{}<br>{}", status_badge(case), sign_state(case))
