"""When the database goes away mid-request the citizen gets a clean 503."""

import pytest
from django.db import OperationalError

from cases.models import Case
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_a_lost_database_answers_503_with_retry_after(api_client, monkeypatch):
    department = DepartmentFactory()

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(
        "cases.services.submission.codes.next_case_number", database_gone
    )
    response = api_client.post(
        "/api/v1/cases/",
        {
            "kind": "suggestion",
            "title": "建议增设公交站",
            "content": "建议在幸福路口增设一个公交站点。",
            "department": department.id,
            "contact_name": "王先生",
            "contact_phone": "13800001111",
        },
        format="json",
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {"detail": "服务暂时不可用，请稍后重试。"}
    assert not Case.objects.exists()


def test_department_list_answers_503_when_the_database_is_down(api_client, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("departments.views.selectors.department_list", database_gone)

    response = api_client.get("/api/v1/departments/")

    assert response.status_code == 503
