"""System checks: configuration mistakes reported by `manage.py check` (and so at
migrate and server start), not by the first citizen whose due date needs them."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register()
def workday_calendar_check(app_configs, **kwargs):
    from kernel.workdays import calendar_overrides

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


# Caches that are not one store for every worker process: throttles counted in
# them give each gunicorn worker (and each server) a limit of its own, or none.
_PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    from django.conf import settings
    from django.utils.module_loading import import_string

    if settings.DEBUG:
        return []
    backend = settings.CACHES["default"]["BACKEND"]
    backend_class = import_string(backend)
    if not any(
        issubclass(backend_class, import_string(name)) for name in _PER_PROCESS_CACHES
    ):
        return []
    return [
        checks.Error(
            f"The default cache ({backend}) is kept in each process: the rate limits "
            "on submissions, look-ups, query codes and feedback would count per "
            "gunicorn worker.",
            hint="Set REDIS_URL, or leave it unset for the database cache "
            "(portal.cache.DatabaseCache) that settings.py picks with DEBUG off.",
            id="portal.E002",
        )
    ]
