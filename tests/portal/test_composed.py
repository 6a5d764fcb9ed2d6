"""The site composes what spans the layers (portal/composed/): the ledgers'
满意度 column, the departments API with ratings, the look-up with 好差评. Each
app's own part knows nothing of feedback; the API and ledgers read as before."""

import pytest

from cases import ledger, ledger_extensions, services
from cases.ledger_extensions import AddedColumn
from cases.models import Case
from cases.resources import ComplaintLedgerResource
from departments.serializers import DepartmentDetailSerializer
from tests.cases.helpers import LOOKUP_URL, submit_case
from tests.factories import DepartmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db


def test_the_site_adds_the_satisfaction_column_last_to_every_ledger():
    for kind in Case.Kind.values:
        own = [column.header for column in ledger.LEDGERS[kind]]
        assert "满意度" not in own
        assert ledger.headers(kind) == [*own, "满意度"]


def test_an_added_column_reaches_the_fast_rows_and_the_import_export_resource(
    monkeypatch, department_a
):
    monkeypatch.setattr(ledger_extensions, "_ADDED", dict(ledger_extensions._ADDED))
    case = submit_case(department=department_a, kind=Case.Kind.COMPLAINT).case

    def cells(cases):
        return {pk: f"#{pk}" for pk in cases.values_list("pk", flat=True)}

    ledger_extensions.add_ledger_column(AddedColumn(header="测试列", cells=cells))

    [row] = ledger.ledger_rows(
        Case.objects.all(), kind="complaint", contact_departments=None
    )
    dataset = ComplaintLedgerResource().export()
    assert ledger.headers("complaint")[-2:] == ["满意度", "测试列"]
    assert row[-2:] == ["", f"#{case.pk}"]
    assert dataset.headers == ledger.headers("complaint")
    assert list(dataset[0]) == row


def test_the_ledger_names_its_handler_as_the_back_office_does(officer_a, department_a):
    officer_a.first_name, officer_a.last_name = "Wei", "Zhang"
    officer_a.save()
    case = submit_case(department=department_a, kind=Case.Kind.COMPLAINT).case
    services.case_transition(case=case, to_status="accepted", actor=officer_a)

    [row] = ledger.ledger_rows(
        Case.objects.all(), kind="complaint", contact_departments=None
    )

    # departments.selectors.staff_name, the one rule (张伟 for a Chinese name).
    assert row[ledger.headers("complaint").index("经办人")] == "Wei Zhang"


def test_the_department_api_adds_the_ratings_after_the_departments_own_fields(
    api_client,
):
    department = DepartmentFactory()
    LeaderFactory(department=department)

    body = api_client.get(f"/api/v1/departments/{department.id}/").json()

    own = list(DepartmentDetailSerializer(department).data)
    assert "impressions" not in own
    listed = own[: own.index("description")]
    assert list(body) == [*listed, "impressions", "satisfaction", *own[len(listed) :]]
    assert list(body["leaders"][0])[-1] == "rating"


def test_the_lookup_rates_each_answer_and_ends_with_the_current_rating(api_client):
    submitted = submit_case()
    case = services.case_transition(
        case=submitted.case, to_status="accepted", actor=None
    )
    services.case_transition(case=case, to_status="replied", reply="已办理。")

    body = api_client.post(
        LOOKUP_URL,
        {"number": submitted.case.number, "query_code": submitted.query_code},
        format="json",
    ).json()

    assert list(body)[-2:] == ["replies", "evaluation"]
    assert body["evaluation"] is None
    assert list(body["replies"][0])[-1] == "evaluation"
