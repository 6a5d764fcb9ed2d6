"""Fixtures and helpers for the feedback tests."""

from datetime import datetime

import pytest

from cases import services as case_services
from feedback.models import ImpressionTag
from kernel.workdays import SHANGHAI
from tests.cases.helpers import submit_case

# Friday 20 November 2026, 15:00 in Shanghai: the next working day is Monday.
FRIDAY = datetime(2026, 11, 20, 15, 0, tzinfo=SHANGHAI)
PATHS = {
    "submitted": [],
    "accepted": ["accepted"],
    "replied": ["accepted", "replied"],
    "closed": ["accepted", "replied", "closed"],
}


def answered_case(department, *, status="replied", now=FRIDAY, **overrides):
    """A case of `department` moved to `status` (submitted, accepted, replied or
    closed); returns (case, query_code)."""
    submitted = submit_case(department=department, now=now, **overrides)
    case = submitted.case
    for step in PATHS[status]:
        case = case_services.case_transition(
            case=case,
            to_status=step,
            reply="已办理，请查收。" if step == "replied" else "",
            now=now,
        )
    case.refresh_from_db()
    return case, submitted.query_code


@pytest.fixture
def tags(db):
    """办事高效, 态度热情, 流程清晰, 等待时间长 (active) and 已停用 (inactive)."""
    names = ["办事高效", "态度热情", "流程清晰", "等待时间长"]
    active = {
        name: ImpressionTag.objects.create(name=name, sort_order=order)
        for order, name in enumerate(names)
    }
    active["已停用"] = ImpressionTag.objects.create(name="已停用", is_active=False)
    return active
