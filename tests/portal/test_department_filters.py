"""Every list's department filter names only the departments the user may see: an
officer's lists named all seven departments (差评整改, 诉求评价, windows, posters…);
a supervisor's name every one. One filter class does it everywhere
(departments.admin_scope.ScopedDepartmentFilter)."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.urls import reverse

from departments import services
from departments.admin_scope import ScopedDepartmentFilter
from departments.models import Department
from tests.factories import DepartmentFactory, ServiceWindowFactory

pytestmark = pytest.mark.django_db

# Every list with a department filter, by its admin URL name.
LISTS = [
    "cases_case",
    "cases_replytemplate",
    "cases_escalation",
    "feedback_caseevaluation",
    "feedback_rectification",
    "feedback_appeal",
    "feedback_unratedcase",
    "feedback_departmentimpression",
    "feedback_leaderreview",
    "departments_servicewindow",
    "departments_servicetype",
    "departments_leader",
    "media_gallery_poster",
    "media_gallery_album",
    "knowledge_entry",
    "notices_notice",
    "surveys_survey",
]


def _department_filters():
    """(list URL name, filter class) of every list_filter that filters by a
    department, the row's own or one reached through a relation."""
    found = []
    for model, model_admin in admin.site._registry.items():
        for entry in model_admin.list_filter:
            path, filter_class = entry if isinstance(entry, tuple) else (entry, None)
            if not isinstance(path, str):
                continue  # a SimpleListFilter of its own
            field = get_fields_from_path(model, path)[-1]
            if getattr(field, "related_model", None) is Department:
                opts = model._meta
                found.append((f"{opts.app_label}_{opts.model_name}", filter_class))
    return found


# City-wide lists that only dispatchers and supervisors open, whose department
# filter names every department (a dispatcher holds none, so a scoped filter
# would name nothing): the 派单目录 routes to any department.
CITY_LISTS = {"cases_dispatchrule"}


def test_every_department_filter_of_the_back_office_is_the_scoped_one():
    filters = _department_filters()

    assert {url_name for url_name, _ in filters} == set(LISTS) | CITY_LISTS
    assert all(
        filter_class is ScopedDepartmentFilter
        for url_name, filter_class in filters
        if url_name not in CITY_LISTS
    )


def test_officers_cannot_open_the_city_wide_lists(login, officer_a):
    for url_name in CITY_LISTS:
        response = login(officer_a).get(reverse(f"admin:{url_name}_changelist"))
        assert response.status_code == 403


@pytest.fixture
def department_c(db):
    return DepartmentFactory(name="民政局", code="dept-c")


@pytest.fixture
def officer_ac(officer_a, department_c):
    """An officer of 劳动和社会保障局 and 民政局 (not of 环境保护局)."""
    services.staff_grant(user=officer_a, department=department_c, role="officer")
    return officer_a


def _department_filter(client, url_name):
    response = client.get(reverse(f"admin:{url_name}_changelist"))
    assert response.status_code == 200
    filters = [
        spec
        for spec in response.context["cl"].filter_specs
        if isinstance(spec, ScopedDepartmentFilter)
    ]
    assert len(filters) == 1, f"{url_name} has no scoped department filter"
    spec = filters[0]
    assert spec.has_output(), f"{url_name} hides its department filter"
    return spec


@pytest.mark.parametrize("url_name", LISTS)
def test_an_officers_department_filter_names_only_their_departments(
    login, officer_ac, department_a, department_b, department_c, url_name
):
    spec = _department_filter(login(officer_ac), url_name)

    assert {name for _, name in spec.lookup_choices} == {
        department_a.name,
        department_c.name,
    }
    # No "-" choice: rows without a department (city-wide posters) are not theirs.
    assert not spec.include_empty_choice


@pytest.mark.parametrize("url_name", LISTS)
def test_a_supervisors_department_filter_names_every_department(
    login, supervisor, department_a, department_b, department_c, url_name
):
    spec = _department_filter(login(supervisor), url_name)

    assert {name for _, name in spec.lookup_choices} == {
        department_a.name,
        department_b.name,
        department_c.name,
    }


def test_the_filter_still_filters(login, officer_ac, department_a, department_c):
    own = ServiceWindowFactory(department=department_a)
    ServiceWindowFactory(department=department_c)
    response = login(officer_ac).get(
        reverse("admin:departments_servicewindow_changelist"),
        {"department__id__exact": department_a.pk},
    )

    assert list(response.context["cl"].result_list) == [own]
