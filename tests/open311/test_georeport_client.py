"""The `georeport` package from PyPI, a GeoReport v2 client we did not write, run
unmodified against a live server: every call it offers, in both its formats."""

import pytest
from georeport import GeoReport

from cases import services as case_services
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db(transaction=True)


def _answered(department, **fields):
    case = submit_case(publish_consent=True, department=department, **fields).case
    case_services.case_transition(case=case, to_status="accepted")
    return case_services.case_transition(
        case=case, to_status="replied", reply="已处理完毕，感谢监督。"
    )


def _listed(value):
    # xmltodict gives one repeated element as a dict, several as a list.
    return value if isinstance(value, list) else [value]


@pytest.fixture
def published(passport, department_a):
    return [
        _answered(department_a),
        _answered(passport.window.department, service_type=passport),
    ]


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_every_call_the_client_offers(live_server, published, output_format):
    consultation, typed = published
    client = GeoReport(f"{live_server.url}/open311/v2", output_format=output_format)

    services = _listed(client.get_service_list())
    codes = {service["service_code"] for service in services}
    assert {"consultation", "complaint", "suggestion", "passport"} <= codes
    assert {s["group"] for s in services if s["service_code"] == "passport"} == {
        "公安局出入境管理处"
    }

    definition = client.get_service_definition("complaint")
    listed = definition["attributes"]
    if output_format == "xml":  # <attributes><attribute>…
        listed = listed["attribute"]
    attributes = {a["code"]: a for a in _listed(listed)}
    assert attributes["complainee"]["required"] in (True, "true")

    every = _listed(client.get_service_requests())
    assert [r["service_request_id"] for r in every] == [
        typed.number,
        consultation.number,
    ]
    by_id = _listed(client.get_service_requests(service_request_id=consultation.number))
    assert [r["service_request_id"] for r in by_id] == [consultation.number]
    by_code = _listed(client.get_service_requests(service_code="passport"))
    assert [r["service_request_id"] for r in by_code] == [typed.number]
    dated = _listed(
        client.get_service_requests(
            start_date=consultation.submitted_at.isoformat(),
            end_date=typed.submitted_at.isoformat(),
        )
    )
    assert {r["service_request_id"] for r in dated} == {
        consultation.number,
        typed.number,
    }
    closed = _listed(client.get_service_requests(status="closed"))
    assert len(closed) == 2
    if output_format == "json":
        # (The client reads an empty <service_requests/> as an error of its own.)
        assert client.get_service_requests(status="open") == []
        assert (
            client.get_service_requests(
                start_date="2020-01-01T00:00:00Z", end_date="2020-03-01T00:00:00Z"
            )
            == []
        )

    one = client.get_service_request(typed.number)
    assert one["service_request_id"] == typed.number
    assert one["status"] == "closed"
    assert one["status_notes"] == "已处理完毕，感谢监督。"
    assert one["agency_responsible"] == "公安局出入境管理处"
    assert one["requested_datetime"].endswith("+08:00")
