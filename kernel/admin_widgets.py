"""Small admin helpers shared by the apps."""

from django.utils import timezone
from django.utils.html import format_html


def image_preview(image_field, *, size: int = 64) -> str:
    """An <img> thumbnail of an ImageField for list and change pages, or a dash."""
    if not image_field:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;'
        'border-radius:4px;object-fit:cover">',
        image_field.url,
        size,
        size,
    )


# Lists are read beside the admin's menu on a 1280 px office screen, so their
# moments are short (2026-11-16 06:59, Asia/Shanghai) and departments go by their
# short names.


def short_moment(moment) -> str:
    """A moment to the minute in local time, or a dash."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


def due_day(moment) -> str:
    """A deadline as its day: every deadline counted in working days ends at
    23:59:59 of that day (kernel.workdays), where the time says nothing. Any other
    time is shown to the minute."""
    if not moment:
        return "—"
    local = timezone.localtime(moment)
    if (local.hour, local.minute) == (23, 59):
        return local.strftime("%Y-%m-%d")
    return short_moment(moment)


def department_abbr(department) -> str:
    """A department by its short name (人社局), the full name as its title."""
    if department is None:
        return "—"
    if not department.short_name:
        return department.name
    return format_html(
        '<abbr title="{}">{}</abbr>', department.name, department.short_name
    )
