import pytest

from kernel import search as kernel_search
from knowledge.models import Entry


@pytest.fixture
def demo(db):
    """The demo departments and the demo knowledge base."""
    from departments.demo import seed_departments
    from knowledge.demo import seed_knowledge

    departments = {d.code: d for d in seed_departments()}
    seed_knowledge()
    return departments


def make_entry(
    *, question, answer="请到窗口办理。", keywords="", department=None, **fields
):
    fields.setdefault("status", Entry.Status.PUBLISHED)
    return Entry.objects.create(
        question=question,
        answer=answer,
        keywords=keywords,
        department=department,
        search_document=kernel_search.document(question, keywords, answer),
        **fields,
    )
