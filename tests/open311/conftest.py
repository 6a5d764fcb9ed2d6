"""Open311 fixtures: a client issued by a supervisor (its key as the client holds
it), form posts as the spec describes them, and a department with a service."""

from urllib.parse import urlencode

import pytest

from open311 import services
from tests.factories import DepartmentFactory, ServiceTypeFactory, ServiceWindowFactory

BASE = "/open311/v2"


@pytest.fixture
def issue(supervisor):
    """`issue(**fields)` returns (client, key) as the admin issues them."""

    def issue_(name="省12345平台", **fields):
        return services.client_issue(actor=supervisor, name=name, **fields)

    return issue_


@pytest.fixture
def key(issue):
    return issue()[1]


@pytest.fixture
def passport(db):
    department = DepartmentFactory(name="公安局出入境管理处", code="crj")
    window = ServiceWindowFactory(department=department, name="出入境窗口")
    return ServiceTypeFactory(window=window, name="护照办理", code="passport")


def complaint(key, **overrides):
    """A complaint as a client posts it (application/x-www-form-urlencoded)."""
    form = {
        "api_key": key,
        "service_code": "complaint",
        "lat": "31.230416",
        "long": "121.473701",
        "address_string": "人民路 100 号门口",
        "description": "人民路 100 号门口每天傍晚占道经营，行人只能走机动车道。",
        "first_name": "小明",
        "last_name": "王",
        "phone": "13812345678",
        "attribute[complainee]": "人民路流动摊贩",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


@pytest.fixture
def post(client):
    """`post(form, fmt="json")`: the POST, form-encoded, as the spec says."""

    def post_(form, fmt="json"):
        return client.post(
            f"{BASE}/requests.{fmt}",
            urlencode(form),
            content_type="application/x-www-form-urlencoded",
        )

    return post_
