"""The read-only case pages of the back office, for a superuser."""

import pytest
from django.urls import reverse

from cases import services
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _submit(**overrides):
    fields = {
        "kind": "complaint",
        "title": "<b>加粗标题</b>",
        "content": "<script>alert('x')</script> 夜间施工噪音",
        "department_id": DepartmentFactory().id,
        "complainee": "某工地",
        "contact_name": "王女士",
        "contact_phone": "13812345678",
        "channel": "h5",
    }
    fields.update(overrides)
    return services.case_submit(submission=services.CaseSubmission(**fields)).case


def test_changelist_and_change_view_show_citizen_text_escaped(admin_client):
    case = _submit()

    changelist = admin_client.get(reverse("admin:cases_case_changelist"))
    change = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))

    assert changelist.status_code == change.status_code == 200
    html = change.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>alert('x')</script>" not in html
    assert case.number in changelist.content.decode()


def test_cases_cannot_be_deleted_by_hand(admin_client):
    case = _submit()

    delete_url = reverse("admin:cases_case_delete", args=[case.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert (
        admin_client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code
        == 200
    )


def test_changelist_searches_by_exact_number(admin_client):
    first = _submit(title="第一件诉求")
    _submit(title="第二件诉求")

    response = admin_client.get(
        reverse("admin:cases_case_changelist"), {"q": first.number}
    )

    assert [c.number for c in response.context["cl"].result_list] == [first.number]
