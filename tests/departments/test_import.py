"""Spreadsheet import and export of departments, windows, service types, leaders."""

from decimal import Decimal

import pytest
import tablib
from import_export.formats.base_formats import XLSX

from departments.models import Department, ServiceType, ServiceWindow
from departments.resources import (
    DepartmentResource,
    LeaderResource,
    ServiceTypeResource,
    ServiceWindowResource,
)
from tests.factories import (
    DepartmentFactory,
    LeaderFactory,
    ServiceTypeFactory,
    ServiceWindowFactory,
)

pytestmark = pytest.mark.django_db

DEPARTMENT_FIELDS = [
    "code",
    "name",
    "short_name",
    "duties_summary",
    "description",
    "address",
    "phone",
    "office_hours",
    "latitude",
    "longitude",
    "sort_order",
    "is_active",
]
WINDOW_HEADERS = ["部门编码", "窗口编码", "窗口名称", "位置", "启用"]
TYPE_HEADERS = ["服务编码", "部门编码", "窗口编码", "服务名称"]


def to_xlsx(dataset):
    return XLSX().export_data(dataset)


def from_xlsx(content):
    return XLSX().create_dataset(content)


def rows(headers, *values):
    return tablib.Dataset(*values, headers=headers)


def errors_of(result):
    """{row number: {column: [messages]}} of the rows that failed to validate."""
    return {row.number: row.error_dict for row in result.invalid_rows}


@pytest.fixture
def ledger():
    """A department with a window, a service type and a leader, every field set."""
    department = DepartmentFactory(
        code="hrss",
        name="劳动和社会保障局",
        description="负责就业、社保。\n第二行",
        office_hours="工作日 9:00-17:00",
        latitude=Decimal("36.651216"),
        longitude=Decimal("117.120128"),
        sort_order=5,
        is_active=False,
    )
    window = ServiceWindowFactory(department=department, code="social-security")
    ServiceTypeFactory(window=window, code="unemployment", fee="", online=True)
    LeaderFactory(department=department, name="王主任", duties="分管社保")
    return department


def test_departments_round_trip_through_xlsx(ledger):
    DepartmentFactory(code="eeb", name="环境保护局", latitude=None)
    before = list(Department.objects.order_by("code").values(*DEPARTMENT_FIELDS))
    content = to_xlsx(DepartmentResource().export())

    Department.objects.all().delete()
    result = DepartmentResource().import_data(from_xlsx(content))

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    after = list(Department.objects.order_by("code").values(*DEPARTMENT_FIELDS))
    assert after == before


def test_the_second_import_of_a_file_changes_nothing():
    content = to_xlsx(
        rows(
            ["编码", "名称", "职能简介", "纬度", "排序", "启用"],
            ["civil", "民政局", "婚姻登记", "36.65", "10", "是"],
            ["tax", "税务局", "纳税服务", "", "", "否"],
        )
    )
    first = DepartmentResource().import_data(from_xlsx(content))
    updated_at = dict(Department.objects.values_list("code", "updated_at"))

    second = DepartmentResource().import_data(from_xlsx(content))

    assert first.totals["new"] == 2
    assert (second.totals["new"], second.totals["update"], second.totals["skip"]) == (
        0,
        0,
        2,
    )
    assert dict(Department.objects.values_list("code", "updated_at")) == updated_at


@pytest.mark.parametrize(
    "resource_class",
    [DepartmentResource, ServiceWindowResource, ServiceTypeResource, LeaderResource],
)
def test_importing_the_same_file_twice_changes_nothing(ledger, resource_class):
    updated_at = Department.objects.get().updated_at
    content = to_xlsx(resource_class().export())

    result = resource_class().import_data(from_xlsx(content))

    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    assert result.totals["skip"] == 1
    assert [row.import_type for row in result.rows] == ["skip"]  # report_skipped
    assert Department.objects.get().updated_at == updated_at


def test_a_changed_cell_updates_the_row_found_by_its_natural_key(ledger):
    exported = ServiceWindowResource().export()
    row = dict(zip(exported.headers, exported[0], strict=True))
    row.update({"窗口名称": "社保窗口（新）", "位置": "二楼", "排序": "1"})

    result = ServiceWindowResource().import_data(rows(exported.headers, row.values()))

    assert result.totals["update"] == 1
    window = ServiceWindow.objects.get()
    assert (window.name, window.location, window.sort_order) == (
        "社保窗口（新）",
        "二楼",
        1,
    )


def test_service_types_find_their_window_by_department_and_window_code():
    for code in ["dept-a", "dept-b"]:
        ServiceWindowFactory(department__code=code, code="general")
    dataset = rows(TYPE_HEADERS, ["marriage", "dept-b", "general", "婚姻登记"])

    result = ServiceTypeResource().import_data(dataset)

    assert result.totals["new"] == 1
    service_type = ServiceType.objects.get(code="marriage")
    assert service_type.window.department.code == "dept-b"

    moved = rows(TYPE_HEADERS, ["marriage", "dept-a", "general", "婚姻登记"])
    assert ServiceTypeResource().import_data(moved).totals["update"] == 1
    assert ServiceType.objects.get().window.department.code == "dept-a"


def test_an_unknown_window_code_is_an_error_of_its_column():
    ServiceWindowFactory(department__code="dept-a", code="general")
    dataset = rows(TYPE_HEADERS, ["marriage", "dept-a", "nope", "婚姻登记"])

    result = ServiceTypeResource().import_data(dataset)

    assert errors_of(result) == {1: {"窗口编码": ["部门“dept-a”下没有窗口编码：nope"]}}


def test_an_unknown_department_code_names_the_code_and_saves_nothing():
    DepartmentFactory(code="dept-a")
    dataset = rows(
        WINDOW_HEADERS,
        ["dept-a", "general", "综合窗口", "一楼", "是"],
        ["nope", "general", "综合窗口", "一楼", "是"],
    )

    result = ServiceWindowResource().import_data(dataset)

    assert errors_of(result) == {2: {"部门编码": ["部门编码不存在：nope"]}}
    assert not ServiceWindow.objects.exists()  # the valid first row is rolled back too

    types = rows(TYPE_HEADERS, ["marriage", "nope", "general", "婚姻登记"])
    result = ServiceTypeResource().import_data(types)
    assert errors_of(result) == {1: {"部门编码": ["部门编码不存在：nope"]}}


def test_a_bad_code_is_refused_with_the_models_chinese_message():
    dataset = rows(
        ["编码", "名称", "职能简介"], ["Civil Affairs", "民政局", "婚姻登记"]
    )

    result = DepartmentResource().import_data(dataset)

    assert errors_of(result) == {1: {"编码": ["编码只能包含小写字母、数字和连字符。"]}}
    assert not Department.objects.exists()


def test_bad_numbers_and_missing_required_cells_are_chinese_errors():
    dataset = rows(
        ["编码", "名称", "职能简介", "纬度", "排序"],
        ["civil", "", "婚姻登记", "北纬", "1.5"],
    )

    errors = errors_of(DepartmentResource().import_data(dataset))[1]

    assert errors == {
        "名称": ["该字段不能为空。"],
        "纬度": ["请填写数字。"],
        "排序": ["请填写整数。"],
    }


def test_a_file_without_the_key_columns_is_refused_in_chinese():
    dataset = rows(["名称", "职务"], ["王主任", "主任"])

    result = LeaderResource().import_data(dataset)

    assert [str(e.error) for e in result.base_errors] == [
        "文件缺少以下列：部门编码、姓名。请按“下载导入模板”的表头填写。"
    ]


def test_booleans_accept_yes_and_no_as_well_as_one_zero_true_false():
    ServiceWindowFactory(department__code="dept-a", code="general")
    headers = [*TYPE_HEADERS, "可网上办理", "可预约办理", "热门服务", "启用"]
    dataset = rows(
        headers,
        ["a", "dept-a", "general", "甲", "是", "否", "TRUE", "0"],
        ["b", "dept-a", "general", "乙", "1", "false", True, ""],
    )

    result = ServiceTypeResource().import_data(dataset)

    assert not result.has_validation_errors()
    flags = ["online", "by_appointment", "is_hot", "is_active"]
    assert list(ServiceType.objects.order_by("code").values_list(*flags)) == [
        (True, False, True, False),
        (True, False, True, True),  # an empty 启用 keeps the default
    ]
    bad = rows(headers, ["c", "dept-a", "general", "丙", "也许", "", "", ""])
    assert errors_of(ServiceTypeResource().import_data(bad)) == {
        1: {"可网上办理": ["请填写“是”或“否”（也可填 1/0、TRUE/FALSE）。"]}
    }


def test_an_officer_of_a_cannot_import_a_window_of_b(officer_a, department_b):
    dataset = rows(
        WINDOW_HEADERS,
        ["dept-a", "general", "综合窗口", "一楼", "是"],
        ["dept-b", "general", "综合窗口", "一楼", "是"],
    )

    result = ServiceWindowResource(user=officer_a).import_data(dataset)

    assert errors_of(result) == {2: {"部门编码": ["无权导入其他部门的数据：dept-b"]}}
    assert not ServiceWindow.objects.exists()
    own = rows(WINDOW_HEADERS, ["dept-a", "general", "综合窗口", "一楼", "是"])
    assert ServiceWindowResource(user=officer_a).import_data(own).totals["new"] == 1


def test_an_officer_cannot_take_over_a_service_type_of_another_department(
    officer_a, department_a, department_b
):
    ServiceWindowFactory(department=department_a, code="general")
    ServiceTypeFactory(window__department=department_b, code="permit")
    dataset = rows(TYPE_HEADERS, ["permit", "dept-a", "general", "排污许可"])

    result = ServiceTypeResource(user=officer_a).import_data(dataset)

    assert errors_of(result) == {
        1: {"服务编码": ["该编码已属于其他部门，无权修改：permit"]}
    }
    assert ServiceType.objects.get().window.department == department_b


def test_only_superusers_import_departments(head_a, superuser):
    dataset = rows(["编码", "名称", "职能简介"], ["civil", "民政局", "婚姻登记"])

    result = DepartmentResource(user=head_a).import_data(dataset)

    assert errors_of(result) == {1: {"__all__": ["只有超级管理员可以导入部门。"]}}
    assert DepartmentResource(user=superuser).import_data(dataset).totals["new"] == 1
