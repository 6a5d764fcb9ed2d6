from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _visit_ratings(apps):
    """The visits' 好差评, counted in the departments' satisfaction by feedback."""
    try:
        return apps.get_model("appointments", "VisitRating").objects.all()
    except LookupError:  # a migration state from before this app
        return None


def _mark_no_shows(*, now):
    from appointments import services

    services.no_shows_mark(now=now)


def _send_reminders(*, now):
    from appointments import services

    services.reminders_send(now=now)


def _clear_contacts(*, now):
    from appointments import services

    services.contacts_clear(now=now)


class AppointmentsConfig(AppConfig):
    name = "appointments"
    verbose_name = _("预约办事")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from feedback.services import rating_source_add
        from periodic.registry import register

        rating_source_add(_visit_ratings)
        # Once the day is over: what is still 已预约 was missed.
        register("appointments_no_shows", daily_at=time(0, 20), func=_mark_no_shows)
        # The afternoon before: time enough to cancel and free the seat.
        register("appointments_remind", daily_at=time(16, 0), func=_send_reminders)
        register("appointments_contacts", daily_at=time(3, 40), func=_clear_contacts)
