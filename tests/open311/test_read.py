"""GET: discovery, services, definitions, requests with the spec's filters, one
request, tokens. Only what 公开信件 may show, no personal data; a client also
reads what it sent. XML with the spec's element names, the same data as JSON."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services as case_services
from cases.models import Case
from tests.cases.helpers import CHINESE, jpeg_bytes, photo, submit_case
from tests.open311.conftest import BASE, complaint

pytestmark = pytest.mark.django_db


def _xml(response):
    assert response["Content-Type"].startswith("text/xml"), response.content
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)


def _as_data(element):
    """An element back into JSON's shape: lists where the spec repeats items."""
    children = list(element)
    if not children:
        return element.text or ""
    if len({child.tag for child in children}) == 1 and element.tag in {
        "services",
        "attributes",
        "values",
        "service_requests",
        "endpoints",
        "formats",
        "errors",
    }:
        return [_as_data(child) for child in children]
    return {child.tag: _as_data(child) for child in children}


def _texts(value):
    """JSON's values as the XML writes them (true/false, numbers as text)."""
    if isinstance(value, dict):
        return {k: _texts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_texts(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def answered(*, consent=True, department=None, photos=(), now=None, **fields):
    case = submit_case(
        publish_consent=consent, department=department, photos=photos, now=now, **fields
    ).case
    case_services.case_transition(case=case, to_status="accepted", now=now)
    return case_services.case_transition(
        case=case, to_status="replied", reply="已安排维修，三日内完成。", now=now
    )


@pytest.fixture
def public_case(department_a):
    return answered(
        department=department_a,
        address="幸福路 8 号",
        latitude="31.1",
        longitude="121.4",
    )


def test_discovery_in_both_formats(client):
    data = client.get(f"{BASE}/discovery.json").json()
    root = _xml(client.get(f"{BASE}/discovery.xml"))

    [endpoint] = data["endpoints"]
    assert endpoint["type"] == "production"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert data["contact"] and data["key_service"] and data["changeset"]
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == endpoint[
        "formats"
    ]
    assert _as_data(root) == _texts(data)


def test_services_per_kind_and_service_type(client, passport):
    data = client.get(f"{BASE}/services.json").json()
    root = _xml(client.get(f"{BASE}/services.xml"))

    by_code = {service["service_code"]: service for service in data}
    assert {"consultation", "complaint", "suggestion", "passport"} <= set(by_code)
    assert by_code["passport"]["group"] == "公安局出入境管理处"
    assert by_code["passport"]["service_name"] == "护照办理"
    assert by_code["complaint"]["service_name"] == "投诉举报"
    assert {s["type"] for s in data} == {"realtime"}
    assert all(s["metadata"] is True for s in data)
    assert root.tag == "services" and {e.tag for e in root} == {"service"}
    assert _as_data(root) == _texts(data)


def test_a_complaints_definition_asks_for_the_complainee(client):
    data = client.get(f"{BASE}/services/complaint.json").json()
    root = _xml(client.get(f"{BASE}/services/complaint.xml"))

    attributes = {a["code"]: a for a in data["attributes"]}
    assert attributes["complainee"]["datatype"] == "string"
    assert attributes["complainee"]["required"] is True
    assert attributes["complainee"]["description"] == "被投诉/举报对象"
    assert [v["key"] for v in attributes["publish_consent"]["values"]] == [
        "true",
        "false",
    ]
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/code").text == data["attributes"][0]["code"]
    assert _as_data(root) == _texts(data)


def test_an_unknown_service_is_404_in_its_format(client):
    assert client.get(f"{BASE}/services/nope.json").status_code == 404
    root = _xml(client.get(f"{BASE}/services/nope.xml"))
    assert root.tag == "errors" and root.find("error/code").text == "404"
    assert client.get(f"{BASE}/nothing-here.xml").status_code == 404


def test_public_requests_carry_no_personal_data(client, public_case, department_a):
    answered(department=department_a, consent=False)  # answered, no consent
    submit_case(department=department_a, publish_consent=True)  # not answered

    data = client.get(f"{BASE}/requests.json").json()

    [request] = data
    assert request["service_request_id"] == public_case.number
    assert request["status"] == "closed"
    assert request["status_notes"] == "已安排维修，三日内完成。"
    assert request["agency_responsible"] == department_a.name
    assert request["address"] == "" and request["lat"] == "" and request["long"] == ""
    body = client.get(f"{BASE}/requests.xml").content.decode()
    for personal in ("王小明", "13812345678", "幸福路", "31.1"):
        assert personal not in str(data) and personal not in body
    assert request["requested_datetime"].endswith("+08:00")
    assert request["expected_datetime"].endswith("+08:00")


def test_the_city_may_publish_a_services_location(client, settings, public_case):
    settings.OPEN311_PUBLIC_LOCATION_SERVICES = frozenset({"consultation"})

    [request] = client.get(f"{BASE}/requests.json").json()
    assert request["address"] == "幸福路 8 号"
    assert request["lat"] == "31.100000"


def test_a_private_request_is_404_except_to_its_client(client, post, issue):
    _first, key = issue(name="网格化平台")
    _other, other_key = issue(name="另一平台")
    number = post(complaint(key)).json()[0]["service_request_id"]

    anyone = client.get(f"{BASE}/requests/{number}.json")
    other = client.get(f"{BASE}/requests/{number}.json", {"api_key": other_key})
    own = client.get(f"{BASE}/requests/{number}.json", {"api_key": key})

    assert anyone.status_code == other.status_code == 404
    assert anyone.json() == [
        {"code": 404, "description": f"service_request_id {number} 不存在。"}
    ]
    assert own.status_code == 200
    [request] = own.json()
    assert request["status"] == "open"
    assert request["address"] == "人民路 100 号门口" and request["lat"] == "31.230416"
    assert "王" not in str(request["status_notes"])
    listed = client.get(f"{BASE}/requests.json", {"api_key": key, "status": "open"})
    assert [r["service_request_id"] for r in listed.json()] == [number]
    assert client.get(f"{BASE}/requests.json", {"status": "open"}).json() == []


def test_tokens_answer_from_the_number(client, public_case):
    [answer] = client.get(f"{BASE}/tokens/{public_case.number}.json").json()
    assert answer == {
        "service_request_id": public_case.number,
        "token": public_case.number,
    }
    assert client.get(f"{BASE}/tokens/TS-20200101-0001.json").status_code == 404


def test_the_filters(client, department_a, passport):
    now = timezone.now()
    old = answered(department=department_a, now=now - timedelta(days=120))
    recent = answered(department=department_a, now=now - timedelta(days=3))
    typed = answered(
        department=passport.window.department, service_type=passport, now=now
    )

    def ids(**params):
        response = client.get(f"{BASE}/requests.json", params)
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    # The last 90 days by default, the newest first.
    assert ids() == [typed.number, recent.number]
    assert ids(service_request_id=f"{old.number},{recent.number}") == [
        recent.number,
        old.number,
    ]
    assert ids(service_code="passport") == [typed.number]
    assert ids(service_code="consultation") == [recent.number]
    start = (now - timedelta(days=130)).isoformat()
    end = (now - timedelta(days=100)).isoformat()
    assert ids(start_date=start, end_date=end) == [old.number]
    assert ids(status="closed") == [typed.number, recent.number]
    assert ids(status="open") == []


@pytest.mark.parametrize(
    ("params", "names"),
    [
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "90",
        ),
        ({"start_date": "yesterday"}, "start_date"),
        ({"status": "pending"}, "status"),
        ({"api_key": "bad.key"}, "api_key"),
    ],
)
def test_bad_filters_are_4xx_naming_them(client, params, names):
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests.{fmt}", params)
        assert response.status_code in (400, 403)
        text = response.content.decode()
        assert names in text and CHINESE.search(text), text


def test_media_url_is_the_first_photos_thumbnail(client, department_a):
    case = answered(
        department=department_a, photos=[photo(jpeg_bytes()), photo(jpeg_bytes())]
    )

    [request] = client.get(f"{BASE}/requests/{case.number}.json").json()
    assert request["media_url"].startswith("http://testserver/")
    first = case.attachments.order_by("sort_order").first()
    assert first.thumbnail.name in request["media_url"]
    assert (
        client.get(request["media_url"].removeprefix("http://testserver")).status_code
        == 200
    )


def test_json_and_xml_carry_the_same_requests(client, public_case, department_a):
    answered(department=department_a)
    data = client.get(f"{BASE}/requests.json").json()
    root = _xml(client.get(f"{BASE}/requests.xml"))

    assert root.tag == "service_requests" and {e.tag for e in root} == {"request"}
    assert _as_data(root) == _texts(data)


def test_a_list_costs_the_same_queries_at_any_length(client, department_a, key):
    answered(department=department_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(f"{BASE}/requests.json", {"api_key": key})
        return len(queries)

    one = count()
    for _ in range(4):
        answered(department=department_a, photos=[photo(jpeg_bytes())])
    assert count() == one


def test_an_xml_answer_stays_well_formed_with_a_stray_control_character(
    client, department_a
):
    case = answered(department=department_a)
    Case.objects.filter(pk=case.pk).update(reply="已处理\x0b完毕")

    root = _xml(client.get(f"{BASE}/requests/{case.number}.xml"))
    assert root.find("request/status_notes").text == "已处理完毕"
