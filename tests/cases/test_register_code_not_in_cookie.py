"""The query code shown after staff register a case for a caller stays on the
server: messages live in the session (MESSAGE_STORAGE), not in a cookie that any
proxy, browser extension or shared computer could read."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "channel": "phone",
    "kind": "consultation",
    "title": "医保报销咨询",
    "content": "市民来电咨询异地就医报销需要哪些材料。",
    "contact_name": "李先生",
    "contact_phone": "13900001111",
}


def test_the_query_code_travels_in_no_cookie(login, officer_a, department_a):
    staff = login(officer_a)

    registered = staff.post(
        reverse("admin:cases_case_add"),
        {**REGISTRATION, "department": department_a.pk},
    )
    shown = staff.get(registered["Location"])

    message = re.search(r"请告知市民查询码：([A-Z0-9]{8})", shown.content.decode())
    assert registered.status_code == 302
    assert message, "the code is shown to the officer once"
    code = message[1]
    # The messages cookie is signed and compressed, so the code cannot be searched
    # for in it: no such cookie at all is the test.
    assert "messages" not in registered.cookies
    assert "messages" not in shown.cookies
    for response in (registered, shown):
        assert not any(code in m.value for m in response.cookies.values())
