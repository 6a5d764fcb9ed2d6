"""System checks: configuration mistakes reported by `manage.py check` (and so at
migrate and server start), not by the first citizen whose due date needs them."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def workday_calendar_check(app_configs, **kwargs):
    from portal.workdays import calendar_overrides

    try:
        calendar_overrides()
    except ImproperlyConfigured as error:
        return [
            checks.Error(
                str(error),
                hint="Each line: 'YYYY-MM-DD 休' (day off) or 'YYYY-MM-DD 班' "
                "(working day); '#' starts a comment.",
                id="portal.E001",
            )
        ]
    return []
