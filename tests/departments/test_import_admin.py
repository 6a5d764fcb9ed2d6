"""Spreadsheet import/export in the admin: preview and confirm, scope, templates."""

from io import BytesIO

import pytest
import tablib
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook

from departments.models import Department
from departments.resources import ServiceWindowResource
from tests.factories import ServiceWindowFactory

pytestmark = pytest.mark.django_db

WINDOW_HEADERS = ["部门编码", "窗口编码", "窗口名称", "位置", "启用"]


def xlsx(headers, *values):
    return XLSX().export_data(tablib.Dataset(*values, headers=headers))


def upload(client, model, content, name="import.xlsx"):
    file = BytesIO(content)
    file.name = name
    url = reverse(f"admin:departments_{model}_import")
    return client.post(url, {"import_file": file, "format": "0", "resource": "0"})


def test_the_admin_import_previews_then_confirms(admin_client):
    content = xlsx(["编码", "名称", "职能简介"], ["civil", "民政局", "婚姻登记"])

    preview = upload(admin_client, "department", content)

    assert preview.status_code == 200
    assert "确认导入" in preview.content.decode()
    assert not Department.objects.exists()  # the preview is a dry run
    confirm = preview.context["confirm_form"].initial
    response = admin_client.post(
        reverse("admin:departments_department_process_import"), confirm
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:departments_department_changelist")
    assert Department.objects.get().name == "民政局"
    assert LogEntry.objects.get().object_repr == "民政局"  # the admin history
    changelist = admin_client.get(response.url)
    assert "导入成功，新增1条记录" in changelist.content.decode()


def test_the_admin_import_shows_an_officers_refused_row(login, officer_a, department_b):
    content = xlsx(WINDOW_HEADERS, ["dept-b", "general", "综合窗口", "一楼", "是"])

    response = upload(login(officer_a), "servicewindow", content)

    assert "无权导入其他部门的数据：dept-b" in response.content.decode()
    assert "confirm_form" not in response.context  # nothing to confirm


def test_the_preview_names_each_failing_rows_problems_by_column(
    login, officer_a, department_a
):
    content = xlsx(
        WINDOW_HEADERS,
        ["", "general", "综合窗口", "一楼", "是"],
        [department_a.code, "", "服务窗口", None, "也许"],
    )

    page = upload(login(officer_a), "servicewindow", content).content.decode()

    assert "以下行的数据有误" in page
    assert "某些行验数据证失败" not in page
    table = page.split('<table class="import-preview')[1].split("</table>")[0]
    # Rows by the spreadsheet's own numbers (the header is row 1), problems in
    # words, in column order, under the Chinese column names.
    first, second = table.split('<th scope="row">')[1:]
    assert first.startswith("2</th>")
    assert "<li>部门编码：该字段不能为空。</li>" in first
    assert second.startswith("3</th>")
    assert second.index("<li>窗口编码：该字段不能为空。</li>") < second.index(
        "<li>启用：请填写“是”或“否”（也可填 1/0、TRUE/FALSE）。</li>"
    )
    assert "None" not in table  # empty cells stay empty
    assert "null" not in table
    assert "validation-error-count" not in table  # no bare red count


def test_officers_may_not_open_the_department_import(login, head_a):
    client = login(head_a)

    assert client.get(reverse("admin:departments_department_import")).status_code == 403
    changelist = client.get(reverse("admin:departments_department_changelist"))
    assert changelist.status_code == 200
    assert "下载导入模板" not in changelist.content.decode()


@pytest.mark.parametrize(
    ("model", "headers"),
    [
        (
            "department",
            ["编码", "名称", "简称", "职能简介", "详细介绍", "地址", "电话"],
        ),
        ("servicewindow", ["部门编码", "窗口编码", "窗口名称", "位置", "电话"]),
        ("servicetype", ["服务编码", "部门编码", "窗口编码", "服务名称", "说明"]),
        ("leader", ["部门编码", "姓名", "职务", "分管工作", "排序", "启用"]),
    ],
)
def test_the_import_template_is_an_xlsx_of_the_chinese_headers(
    admin_client, model, headers
):
    changelist = admin_client.get(reverse(f"admin:departments_{model}_changelist"))
    url = reverse(f"admin:departments_{model}_import_template")
    assert url in changelist.content.decode()  # the 下载导入模板 button

    response = admin_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX.CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    first_row = [cell.value for cell in sheet[1]]
    assert first_row[: len(headers)] == headers
    assert first_row[-2:] == ["排序", "启用"]
    assert sheet.max_row == 1


def test_the_import_template_needs_the_import_permission(login, officer_a):
    client = login(officer_a)

    window = client.get(reverse("admin:departments_servicewindow_import_template"))
    department = client.get(reverse("admin:departments_department_import_template"))

    assert (window.status_code, department.status_code) == (200, 403)


def test_an_officers_changelist_stays_scoped_and_exports_only_their_rows(
    login, officer_a, department_a, department_b
):
    ServiceWindowFactory(department=department_a, name="甲窗口")
    ServiceWindowFactory(department=department_b, name="乙窗口")
    client = login(officer_a)

    changelist = client.get(reverse("admin:departments_servicewindow_changelist"))
    export = client.post(
        reverse("admin:departments_servicewindow_export"),
        {"format": "1", "resource": "0", **dict.fromkeys(_export_fields(), "on")},
    )

    names = [w.name for w in changelist.context["cl"].result_list]
    assert names == ["甲窗口"]
    assert "下载导入模板" in changelist.content.decode()
    assert export.status_code == 200
    csv = export.content.decode("utf-8-sig")
    assert "甲窗口" in csv and "乙窗口" not in csv


def _export_fields():
    resource = ServiceWindowResource
    return [f"{resource.__name__.lower()}_{name}" for name in resource.fields]
