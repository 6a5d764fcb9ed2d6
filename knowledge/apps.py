from datetime import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _unanswered_purge(*, now):
    from knowledge.services import unanswered_purge

    unanswered_purge(now=now)


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("知识库")

    def ready(self):
        from cases.admin.page_tools import add_case_page_tool
        from kernel.search import register_expander
        from knowledge import signals  # noqa: F401  (connects the receivers)
        from knowledge.admin import add_to_knowledge
        from knowledge.terms import expand
        from periodic.registry import register

        # The synonyms widen every search of the one search service.
        register_expander(expand)
        add_case_page_tool(add_to_knowledge)
        register(
            "knowledge_unanswered_purge", daily_at=time(3, 30), func=_unanswered_purge
        )
