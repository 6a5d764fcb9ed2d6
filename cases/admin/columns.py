"""What the case list and the case page show for a case beyond its fields: the
status as a coloured badge, and its deadline with a late or due-soon mark.

Moments in the list are written short (2026-11-16 06:59, Asia/Shanghai) so that
the list fits beside the admin's sidebars on an office screen."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import selectors
from cases.models import Case

STATUS_COLOURS = {
    Case.Status.SUBMITTED: "#b45309",
    Case.Status.ACCEPTED: "#1d4ed8",
    Case.Status.REPLIED: "#047857",
    Case.Status.CLOSED: "#4b5563",
    Case.Status.REJECTED: "#b91c1c",
    Case.Status.RETURNED: "#7c3aed",
}


def _minute(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


@admin.display(description=gettext_lazy("状态"), ordering="status")
def status_badge(case):
    return format_html(
        '<span style="color:#fff;background:{};padding:2px 8px;border-radius:10px;'
        'white-space:nowrap">{}</span>',
        STATUS_COLOURS[case.status],
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
    return _minute(case.submitted_at)


@admin.display(description=gettext_lazy("办理时限"), ordering="due_at")
def deadline(case):
    """The due moment, with 已超期 or 24小时内到期 beside it while that applies."""
    mark = deadline_mark(case)
    if mark == "—":
        return _minute(case.due_at)
    return format_html("{} {}", _minute(case.due_at), mark)
