"""The 知识库 panel: what the knowledge base answered, read through
`knowledge.selectors` (four queries), with the consultations the period received
from the cases' roll-ups the dashboard already read.

自助解决率 = 自助解决 / (自助解决 + 咨询件): of the questions citizens brought in the
period, the share an answer settled without a case.
"""

from collections.abc import Collection
from datetime import date

from knowledge import selectors as knowledge_selectors
from portal.dashboard.figures import KnowledgePanel


def knowledge_panel(
    *,
    department_ids: Collection[int] | None,
    date_from: date,
    date_to: date,
    consultations: int,
) -> KnowledgePanel:
    figures = knowledge_selectors.knowledge_figures(
        start=date_from,
        end=date_to,
        department_ids=None if department_ids is None else sorted(department_ids),
    )
    asked = figures.self_served + consultations
    return KnowledgePanel(
        views=figures.views,
        helpful=figures.helpful,
        unhelpful=figures.unhelpful,
        self_served=figures.self_served,
        self_served_rate=figures.self_served / asked if asked else None,
        published=figures.published,
        from_cases=figures.from_cases,
        unanswered=figures.unanswered,
    )
