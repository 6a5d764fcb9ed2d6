"""POST requests.{json,xml}: a client's form becomes a case through the same
submission as the H5's, numbered from the same counter, in the back office with
its channel; every error the spec's way, in Chinese, with nothing saved."""

from urllib.parse import urlencode
from xml.etree import ElementTree

import pytest

from cases import services as case_services
from cases.models import Case, CaseEvent
from open311.models import ApiKeyUse, SubmittedRequest
from tests.cases.helpers import CHINESE, submit_case
from tests.open311.conftest import complaint

pytestmark = pytest.mark.django_db


def test_a_complaint_gets_a_number_and_a_notice(post, key):
    response = post(complaint(key))

    assert response.status_code == 201
    [answer] = response.json()
    case = Case.objects.get(number=answer["service_request_id"])
    assert answer["service_request_id"].startswith("TS-")
    assert "token" not in answer
    assert case.number in answer["service_notice"]
    assert case.channel == Case.Channel.OPEN311
    assert case.get_channel_display() == "Open311 接口"
    assert case.contact_name == "王小明"
    assert case.complainee == "人民路流动摊贩"
    assert case.address == "人民路 100 号门口"
    first = case.events.get(action=CaseEvent.Action.SUBMIT)
    assert "省12345平台" in first.note
    assert SubmittedRequest.objects.get(case=case).client.name == "省12345平台"


def test_the_same_gapless_counter_as_the_h5(post, key, department_a):
    before = submit_case(kind=Case.Kind.COMPLAINT, department=department_a).case
    number = post(complaint(key)).json()[0]["service_request_id"]
    after = submit_case(kind=Case.Kind.COMPLAINT, department=department_a).case

    sequence = [int(n.rsplit("-", 1)[1]) for n in (before.number, number, after.number)]
    assert sequence == [1, 2, 3]


def test_a_service_type_goes_to_its_department(post, key, passport):
    response = post(
        complaint(
            key,
            service_code="passport",
            **{"attribute[kind]": "consultation", "attribute[complainee]": None},
            description="护照快到期了，续签需要提前多久办理？",
        )
    )

    assert response.status_code == 201, response.content
    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.kind == Case.Kind.CONSULTATION
    assert case.service_type == passport
    assert case.department == passport.window.department


def test_it_follows_the_same_workflow(post, key, client, officer_a, department_a):
    number = post(complaint(key)).json()[0]["service_request_id"]
    case = Case.objects.get(number=number)
    # No routing rule knows it: a dispatcher sends it to department A, which
    # answers it as any other case.
    case = case_services.case_dispatch(
        case=case, to_department_id=department_a.id, actor=None
    )
    case = case_services.case_sign(case=case, actor=officer_a)
    case_services.case_transition(case=case, to_status="accepted")
    case_services.case_transition(
        case=case,
        to_status="replied",
        reply="已联合城管执法，摊贩已劝离，今后加强巡查。",
    )

    answer = client.get(f"/open311/v2/requests/{number}.json", {"api_key": key})
    [request] = answer.json()
    assert request["status"] == "closed"
    assert request["status_notes"] == "已联合城管执法，摊贩已劝离，今后加强巡查。"
    assert request["agency_responsible"] == department_a.name


def _error(response):
    if response["Content-Type"].startswith("text/xml"):
        root = ElementTree.fromstring(response.content)  # noqa: S314 (our own answer)
        assert root.tag == "errors"
        return [
            (int(e.findtext("code")), e.findtext("description"))
            for e in root.findall("error")
        ]
    return [(e["code"], e["description"]) for e in response.json()]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("change", "status", "names"),
    [
        ({"service_code": None}, 400, "service_code"),
        ({"service_code": "no-such-service"}, 400, "service_code"),
        (
            {"lat": None, "long": None, "address_string": None},
            400,
            "address_string",
        ),
        ({"lat": "31.2", "long": None, "address_string": None}, 400, "lat"),
        ({"attribute[complainee]": None}, 400, "attribute[complainee]"),
        ({"description": "太短"}, 400, "description"),
        ({"phone": "12345"}, 400, "phone"),
        ({"email": "not-an-address"}, 400, "email"),
        ({"lat": "91", "long": "121.4"}, 400, "lat"),
        ({"attribute[publish_consent]": "maybe"}, 400, "attribute[publish_consent]"),
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": "made.up"}, 403, "api_key"),
    ],
)
def test_each_error_the_specs_way(post, key, fmt, change, status, names):
    response = post(complaint(key, **change), fmt=fmt)

    assert response.status_code == status, response.content
    errors = _error(response)
    assert errors and all(code == status for code, _ in errors)
    text = " ".join(description for _, description in errors)
    assert names in text and CHINESE.search(text), text
    assert not Case.objects.exists()


def test_a_revoked_key_is_refused(post, issue, supervisor):
    from open311 import services

    client, key = issue()
    assert post(complaint(key)).status_code == 201
    services.client_revoke(actor=supervisor, client=client)

    response = post(complaint(key))
    assert response.status_code == 403
    assert "吊销" in _error(response)[0][1]
    assert Case.objects.count() == 1


def test_over_the_clients_rate_limit(post, issue):
    _client, key = issue(rate_limit="2/hour")
    codes = [post(complaint(key)).status_code for _ in range(3)]

    assert codes == [201, 201, 429]
    refused = post(complaint(key), fmt="xml")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "频繁" in _error(refused)[0][1]
    assert Case.objects.count() == 2


def test_a_client_only_uses_its_services(post, issue, passport):
    _client, key = issue(allowed_services="passport")

    response = post(complaint(key))
    assert response.status_code == 403
    assert "complaint" in _error(response)[0][1]
    assert not Case.objects.exists()


def test_an_anonymous_complaint_has_no_contact(post, key):
    response = post(complaint(key, first_name=None, last_name=None, phone=None))

    case = Case.objects.get(number=response.json()[0]["service_request_id"])
    assert case.is_anonymous and not case.contact_phone


def test_a_consultation_needs_a_contact(post, key):
    form = complaint(key, service_code="consultation", phone=None, first_name=None)
    form["last_name"] = None
    response = post({k: v for k, v in form.items() if v is not None})

    assert response.status_code == 400
    assert "phone" in " ".join(d for _, d in _error(response))


def test_media_url_is_not_fetched(post, key):
    response = post(complaint(key, media_url="http://10.0.0.1/secret.jpg"))

    assert response.status_code == 201
    assert "media_url 未采用" in response.json()[0]["service_notice"]


def test_multipart_is_refused_as_the_spec_asks_a_form(client, key):
    response = client.post("/open311/v2/requests.json", complaint(key))

    assert response.status_code == 415
    assert "application/x-www-form-urlencoded" in response.json()[0]["description"]


def test_every_keyed_request_is_logged_without_the_key(post, issue, client):
    _api_client, key = issue()
    number = post(complaint(key)).json()[0]["service_request_id"]
    post(complaint(key, service_code=None))
    client.get("/open311/v2/requests.json", {"api_key": key})
    post(complaint("wrong.key"))

    uses = list(ApiKeyUse.objects.order_by("id"))
    assert [(u.method, u.status_code) for u in uses] == [
        ("POST", 201),
        ("POST", 400),
        ("GET", 200),
        ("POST", 403),
    ]
    assert uses[0].service_request_id == number
    assert uses[3].client is None and uses[3].key_prefix == "wrong"
    secret = key.partition(".")[2]
    assert all(secret not in f"{u.path}{u.key_prefix}" for u in uses)


def test_staff_see_it_with_its_channel_and_client(
    post, key, login, officer_a, department_a
):
    number = post(complaint(key)).json()[0]["service_request_id"]
    case = case_services.case_dispatch(
        case=Case.objects.get(number=number),
        to_department_id=department_a.id,
        actor=None,
    )
    officer_a.is_staff = True
    officer_a.save()
    client = login(officer_a)

    listed = client.get("/admin/cases/case/", {"channel__exact": "open311"})
    assert number in listed.content.decode()
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "Open311 接口" in page
    assert "经 Open311 接口提交（客户端：省12345平台）" in page


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_body_too_large_is_413_the_specs_way(client, key, fmt, settings):
    form = complaint(
        key, description="长" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2)
    )
    response = client.post(
        f"/open311/v2/requests.{fmt}",
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    [(code, description)] = _error(response)
    assert code == 413 and "过大" in description
    assert not Case.objects.exists()


def test_options_is_405_not_500(client):
    response = client.options("/open311/v2/services.xml")

    assert response.status_code == 405
    assert _error(response)[0][0] == 405
