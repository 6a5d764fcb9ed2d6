from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _rating_invites_send(*, now):
    from feedback.notices import rating_invites_send

    rating_invites_send(now=now)


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("评价与反馈")

    def ready(self):
        # The daily digest (cases/digests.py) lists rectifications waiting too.
        from cases.digests import DigestSection, add_digest_section
        from feedback import signals  # noqa: F401  (connects the receivers)
        from feedback.notices import awaiting_callback_count
        from periodic.registry import register

        add_digest_section(DigestSection(_("待回访整改"), awaiting_callback_count))
        # Once a day, after the morning digest: each unrated answer is invited once.
        register("rating_invites", daily_at=time(10, 0), func=_rating_invites_send)
