"""Reads of the citizens app: the signed-in citizen's cases."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from cases import citizen_access
from cases.models import Case
from feedback import selectors as feedback_selectors


def my_cases(*, phone: str) -> QuerySet[Case]:
    """Every case with contact phone `phone`, newest first, each with `can_rate`:
    answered and its current answer not yet rated (what the rating accepts). One
    query for a page, whatever its length."""
    mine = citizen_access.cases_with_phone(phone=phone)
    unrated = feedback_selectors.unrated_answered_cases(
        days=0, now=timezone.now(), cases=citizen_access.cases_with_phone(phone=phone)
    )
    return mine.annotate(can_rate=Exists(unrated.order_by().filter(pk=OuterRef("pk"))))


def my_case(*, phone: str, number: str) -> Case | None:
    """The case `number` if it is this phone's, loaded for the look-up's shape."""
    return citizen_access.case_with_phone(phone=phone, number=number)
