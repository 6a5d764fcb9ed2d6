"""Two answers to one 补充材料 sent at once (a double tap, two phones): the case
resumes once, its due date moves once, and the loser's photos leave no file."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cases import services
from cases.models import Case, CaseAttachment, CaseEvent
from tests.cases.helpers import media_files, photo, run_in_threads, submit_case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_answers_at_once_resume_the_case_once():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs concurrent writers: proven on PostgreSQL (CI)")
    submitted = submit_case(department=DepartmentFactory())
    case = services.case_transition(case=submitted.case, to_status=Case.Status.ACCEPTED)
    case = services.info_request(case=case, actor=None, question="请补充照片")
    both_ready = threading.Barrier(2, timeout=30)
    refused = []

    def answer():
        both_ready.wait()
        try:
            services.info_supply(
                case=Case.objects.get(pk=case.pk),
                content="照片已补充。",
                photos=[photo()],
            )
        except ValidationError as error:
            refused.append(error)

    assert run_in_threads(answer, 2) == []

    # The loser is refused before its photos are stored, or under the lock
    # (its files then removed): either way on "status".
    assert len(refused) == 1
    assert "status" in refused[0].message_dict
    case.refresh_from_db()
    assert case.status == Case.Status.ACCEPTED
    assert case.events.filter(action=CaseEvent.Action.INFO_SUPPLY).count() == 1
    assert CaseAttachment.objects.filter(case=case).count() == 1
    assert len(media_files()) == 2  # the one photo and its thumbnail
