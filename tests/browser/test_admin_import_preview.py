"""The import preview on an office screen: a failing row's problems are read in
the row, in words under the column's Chinese name, not in a red count whose list
shows only while the pointer hovers over it."""

import pytest
import tablib
from django.contrib.auth import get_user_model
from import_export.formats.base_formats import XLSX

from departments import services
from tests.browser.admin_lists import PASSWORD, log_in
from tests.browser.helpers import axe_violations
from tests.factories import DepartmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

HEADERS = ["部门编码", "窗口编码", "窗口名称", "位置", "启用"]


def test_a_failing_rows_problems_are_visible_without_hovering(browser, live, tmp_path):
    department = DepartmentFactory(code="hrss")
    officer = get_user_model().objects.create_user(
        username="import_officer", password=PASSWORD, is_staff=True
    )
    services.staff_grant(user=officer, department=department, role="officer")
    sheet = tmp_path / "窗口.xlsx"
    sheet.write_bytes(
        XLSX().export_data(
            tablib.Dataset(
                ["", "general", "综合窗口", "一楼", "是"],
                ["hrss", "", "服务窗口", "", "也许"],
                headers=HEADERS,
            )
        )
    )
    page = log_in(browser, live, officer)

    page.goto(f"{live}/admin/departments/servicewindow/import/")
    page.set_input_files("#id_import_file", str(sheet))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")
    page.wait_for_selector("table.import-problems")

    problem = page.get_by_text("部门编码：该字段不能为空。")
    assert problem.is_visible()
    assert problem.evaluate("(el) => getComputedStyle(el).opacity") == "1"
    assert page.get_by_text(
        "启用：请填写“是”或“否”（也可填 1/0、TRUE/FALSE）。"
    ).is_visible()
    assert page.locator(".validation-error-count").count() == 0
    assert page.locator("h2", has_text="以下行的数据有误").is_visible()
    assert axe_violations(page) == []
    page.context.close()
