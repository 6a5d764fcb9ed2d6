"""Admin lists refuse lookups and sorting on personal fields.

The attack: the case list took any field lookup from the query string, so
`?contact_phone__startswith=1381…` answered "one case" or "none" and rebuilt a
masked phone digit by digit, with no 联系方式查看记录 written. Every list now
answers such a lookup with a Chinese 400 page, whoever asks; the exact search box
(`q`) stays and is itself recorded (tests/cases/test_contact_search_audit.py).
"""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from cases.admin.case_admin import CaseAdmin
from cases.models import Case, ContactAccess
from feedback.models import DepartmentImpression
from kernel.admin_privacy import is_personal_path, personal_fields_of
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

CASES = "admin:cases_case_changelist"


@pytest.fixture
def case(department_a):
    return submit_case(
        department=department_a,
        title="夜间施工噪音扰民",
        contact_name="欧阳晓明",
        contact_phone="13812345678",
        address="幸福路12号3单元",
        latitude=Decimal("36.651200"),
        longitude=Decimal("117.120000"),
    ).case


ATTACKS = [
    "contact_phone__startswith=1381",
    "contact_phone__regex=^1381",
    "contact_phone__iexact=13812345678",
    "contact_phone__contains=1234",
    "contact_phone__gt=1",
    "contact_phone=13812345678",
    "contact_name__startswith=欧",
    "contact_name__regex=^欧阳",
    "contact_name__iexact=欧阳晓明",
    "contact_name__icontains=晓",
    "contact_name__gt=a",
    "address__contains=幸福路",
    "latitude__gt=36",
    "longitude__range=117,118",
    "query_code_hash__startswith=a",
]


@pytest.mark.parametrize("lookup", ATTACKS)
def test_the_case_list_refuses_a_lookup_on_a_personal_field(
    login, officer_a, case, lookup
):
    response = login(officer_a).get(reverse(CASES) + "?" + lookup)

    assert response.status_code == 400
    content = response.content.decode()
    assert "不能按" in content and "筛选" in content
    assert "欧阳晓明" not in content and case.number not in content


def test_a_matching_and_a_missing_prefix_answer_alike_so_nothing_is_learnt(
    login, supervisor, case
):
    client = login(supervisor)

    hit = client.get(reverse(CASES) + "?contact_phone__startswith=1381")
    miss = client.get(reverse(CASES) + "?contact_phone__startswith=1391")

    assert (hit.status_code, miss.status_code) == (400, 400)
    assert hit.content == miss.content
    assert not ContactAccess.objects.exists()


def test_the_refusal_names_the_field_in_chinese(login, officer_a, case):
    response = login(officer_a).get(reverse(CASES) + "?contact_phone__startswith=1")

    content = response.content.decode()
    assert "联系电话" in content
    assert "Filtering by" not in content and "Bad Request" not in content


def test_the_ledger_export_refuses_the_same_lookup(login, officer_a, case):
    response = login(officer_a).get(
        reverse("admin:cases_case_export") + "?contact_name__startswith=欧"
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("url_name", "lookup"),
    [
        ("admin:feedback_unratedcase_changelist", "contact_phone__startswith=1"),
        ("admin:feedback_unratedcase_changelist", "contact_name__contains=晓"),
        ("admin:feedback_departmentimpression_changelist", "device_hash__gt=0"),
        ("admin:feedback_leaderreview_changelist", "device_hash__startswith=a"),
    ],
)
def test_other_lists_with_personal_fields_refuse_them_too(
    login, supervisor, case, url_name, lookup
):
    response = login(supervisor).get(reverse(url_name) + "?" + lookup)

    assert response.status_code == 400


@pytest.mark.parametrize(
    "lookup", ["status__exact=submitted", "kind__exact=consultation", "q=施工"]
)
def test_an_innocent_filter_still_works(login, officer_a, case, lookup):
    response = login(officer_a).get(reverse(CASES) + "?" + lookup)

    assert response.status_code == 200
    assert [c.number for c in response.context["cl"].result_list] == [case.number]


def test_the_department_filter_still_works(login, supervisor, case, department_b):
    client = login(supervisor)

    mine = client.get(reverse(CASES), {"department__id__exact": case.department_id})
    other = client.get(reverse(CASES), {"department__id__exact": department_b.pk})

    assert [c.number for c in mine.context["cl"].result_list] == [case.number]
    assert list(other.context["cl"].result_list) == []


def test_a_personal_column_could_not_be_sorted_by_o(rf: RequestFactory, superuser):
    """Were a personal field ever listed as a column, `?o=` would not sort by it:
    the order of rows would leak the masked values as surely as a filter."""

    class ListsPhones(CaseAdmin):
        list_display = ["number", "contact_phone", "title"]

    model_admin = ListsPhones(Case, admin.site)
    request = rf.get("/admin/cases/case/", {"o": "2"})
    request.user = superuser
    changelist = model_admin.get_changelist_instance(request)

    assert changelist.get_ordering_field("contact_phone") is None
    assert "contact_phone" not in model_admin.get_sortable_by(request)
    assert changelist.get_ordering_field("title") == "title"


def _registered_admins():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _personal_paths(model) -> list[str]:
    """The model's own personal fields, and those one relation away."""
    paths = sorted(personal_fields_of(model))
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model is not None:
            paths += [
                f"{field.name}__{name}"
                for name in sorted(personal_fields_of(field.related_model))
            ]
    return paths


def test_every_admin_list_refuses_every_personal_path(rf, superuser):
    """A list added later that forgets the shared mixin fails here, not in an
    attack."""
    request = rf.get("/admin/")
    request.user = superuser
    checked = 0
    for model, model_admin in _registered_admins():
        for path in _personal_paths(model):
            lookup = f"{path}__startswith"
            assert not model_admin.lookup_allowed(lookup, "1", request), (
                f"{model._meta.label}: {lookup}"
            )
            checked += 1
    assert checked > 20


def test_no_admin_list_offers_a_personal_column_to_sort_by(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    for model, model_admin in _registered_admins():
        changelist = model_admin.get_changelist_instance(request)
        for column in model_admin.get_list_display(request):
            order_field = changelist.get_ordering_field(column)
            if isinstance(order_field, str):
                assert not is_personal_path(model, order_field.lstrip("-")), (
                    f"{model._meta.label}: {column}"
                )


def test_the_personal_fields_are_declared_where_they_live():
    assert personal_fields_of(Case) >= {
        "contact_name",
        "contact_phone",
        "address",
        "latitude",
        "longitude",
        "query_code_hash",
    }
    assert "device_hash" in personal_fields_of(DepartmentImpression)
