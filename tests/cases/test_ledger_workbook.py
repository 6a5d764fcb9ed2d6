"""The ledger as an Excel workbook: title rows, 序号 and 经办人, a frozen and
filtered header, widths for Chinese text, and one sheet per ledger when the case
list is not filtered by kind."""

import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases import ledger, services
from cases.models import Case, LedgerExport
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db

SHEETS = ["投诉举报台账", "咨询求助台账", "建议献策台账"]


def _case(department, kind="complaint", **overrides):
    return submit_case(department=department, kind=kind, **overrides).case


def _export(client, params="", ledger_kind="all", file_format="xlsx"):
    url = reverse("admin:cases_case_export") + params
    return client.post(url, {"ledger": ledger_kind, "file_format": file_format})


def _workbook(response):
    assert response.status_code == 200, response.content[:500]
    return load_workbook(io.BytesIO(response.content))


def _data_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=4, values_only=True))


@pytest.fixture
def named_supervisor(supervisor):
    supervisor.last_name, supervisor.first_name = "李", "督办"
    supervisor.save()
    return supervisor


def test_each_sheet_opens_with_the_title_period_time_and_exporter(
    login, named_supervisor, department_a
):
    _case(department_a, now=datetime(2026, 11, 3, 2, tzinfo=UTC))
    # What the list's 提交时间 filter sends for a month.
    november = (
        "?submitted_at__gte=2026-11-01+00:00:00%2B08:00"
        "&submitted_at__lt=2026-12-01+00:00:00%2B08:00"
    )

    sheet = _workbook(_export(login(named_supervisor), november, "complaint")).active

    exported = timezone.localtime(LedgerExport.objects.get().created_at)
    assert sheet["A1"].value == "投诉举报台账"
    assert sheet["A2"].value == (
        "提交日期：2026-11-01 至 2026-11-30　"
        f"导出时间：{exported:%Y-%m-%d %H:%M}　导出人：李督办"
    )
    last_column = sheet.cell(row=3, column=sheet.max_column).column_letter
    assert {str(r) for r in sheet.merged_cells.ranges} == {
        f"A1:{last_column}1",
        f"A2:{last_column}2",
    }


def test_without_a_date_filter_the_period_is_that_of_the_cases(
    login, supervisor, department_a
):
    _case(department_a, now=datetime(2026, 3, 2, 2, tzinfo=UTC))
    _case(department_a, now=datetime(2026, 11, 20, 2, tzinfo=UTC))

    sheet = _workbook(_export(login(supervisor), ledger_kind="complaint")).active

    assert sheet["A2"].value.startswith("提交日期：2026-03-02 至 2026-11-20　")
    assert sheet["A2"].value.endswith("导出人：supervisor")  # no name recorded


def test_the_header_is_frozen_and_filtered_with_numbers_and_the_handler(
    login, supervisor, officer_a, department_a
):
    officer_a.first_name = "张三"
    officer_a.save()
    first = _case(department_a)
    services.case_transition(case=first, to_status="accepted", actor=officer_a)
    second = _case(department_a)

    sheet = _workbook(_export(login(supervisor), ledger_kind="complaint")).active

    header = [cell.value for cell in sheet[3]]
    assert header == ["序号", *ledger.headers("complaint")]
    assert sheet.freeze_panes == "A4"
    assert sheet.auto_filter.ref == f"A3:{sheet[3][-1].column_letter}5"
    rows = _data_rows(sheet)
    handler = header.index("经办人")
    assert [(row[0], row[1], row[handler]) for row in rows] == [
        (1, first.number, "张三"),
        (2, second.number, None),  # not accepted yet
    ]


def test_columns_are_wide_enough_for_their_chinese_text(
    login, supervisor, department_a
):
    title = "小区东门外道路夜间施工噪音严重扰民"  # 17 characters, 34 columns wide
    _case(department_a, title=title, content="噪音" * 200)

    sheet = _workbook(_export(login(supervisor), ledger_kind="complaint")).active

    header = [cell.value for cell in sheet[3]]

    def width(name):
        letter = sheet[3][header.index(name)].column_letter
        return sheet.column_dimensions[letter].width

    assert width("标题") >= 2 * len(title)
    assert width("承办部门") >= 2 * len("劳动和社会保障局")
    assert width("序号") < 10
    assert 40 <= width("内容") <= 55  # long texts stop at a readable width


def test_an_unfiltered_list_exports_every_ledger_with_the_counts_the_page_shows(
    login, supervisor, department_a
):
    for kind, count in [("complaint", 3), ("consultation", 2), ("suggestion", 1)]:
        for _ in range(count):
            _case(department_a, kind=kind)
    client = login(supervisor)

    page = client.get(reverse("admin:cases_case_export"))
    workbook = _workbook(_export(client))

    assert page.context["selected"] == 6
    assert "投诉举报 3 件、咨询求助 2 件、建议献策 1 件" in page.content.decode()
    assert page.context["form"]["ledger"].value() == "all"
    assert workbook.sheetnames == SHEETS
    assert [len(_data_rows(workbook[name])) for name in SHEETS] == [3, 2, 1]
    assert all(workbook[name]["A1"].value == name for name in SHEETS)
    record = LedgerExport.objects.get()
    assert (record.ledger, record.row_count) == ("all", 6)
    assert record.get_ledger_display() == "全部台账"


def test_a_list_filtered_by_kind_offers_that_kinds_ledger(login, supervisor):
    page = login(supervisor).get(
        reverse("admin:cases_case_export") + "?kind__exact=consultation"
    )

    assert page.context["form"]["ledger"].value() == "consultation"


def test_every_ledger_as_one_csv_is_refused_naming_the_format(
    login, supervisor, department_a
):
    _case(department_a)

    response = _export(login(supervisor), file_format="csv")

    assert response.status_code == 200
    errors = response.context["form"].errors["file_format"]
    assert "CSV 文件只能放一种台账" in errors[0]
    assert not LedgerExport.objects.exists()


def test_a_transfer_leaves_the_case_without_a_handler_until_accepted_again(
    officer_a, officer_b, department_a, department_b, supervisor
):
    officer_b.first_name = "李四"
    officer_b.save()
    case = _case(department_a)
    services.case_transition(case=case, to_status="accepted", actor=officer_a)
    services.case_transfer(
        case=case, to_department_id=department_b.pk, actor=supervisor, reason="转"
    )
    column = ledger.headers("complaint").index("经办人")

    def handler():
        rows = ledger.ledger_rows(
            Case.objects.all(), kind="complaint", contact_departments=None
        )
        return next(rows)[column]

    assert handler() == ""
    # A transfer sets a 签收 deadline: the new department signs, then accepts.
    case.refresh_from_db()
    if case.sign_due_at is not None:
        services.case_sign(case=case, actor=officer_b)
    services.case_transition(case=case, to_status="accepted", actor=officer_b)
    assert handler() == "李四"


def test_a_large_export_of_every_ledger_is_written_in_the_background(
    login, supervisor, department_a, settings, tmp_path,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.LEDGER_SYNC_MAX_ROWS = 1
    settings.LEDGER_EXPORT_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    _case(department_a, kind="complaint")
    _case(department_a, kind="suggestion")

    with django_capture_on_commit_callbacks(execute=True):
        response = _export(login(supervisor))

    assert response.status_code == 302
    record = LedgerExport.objects.get()
    assert (record.state, record.row_count) == ("done", 2)
    workbook = load_workbook(tmp_path / record.file_name)
    assert [len(_data_rows(workbook[name])) for name in SHEETS] == [1, 0, 1]
    assert workbook[SHEETS[0]]["A2"].value.endswith("导出人：supervisor")


def test_the_command_exports_every_ledger_for_cron(department_a, tmp_path):
    _case(department_a, kind="consultation", now=datetime(2026, 3, 1, 2, tzinfo=UTC))
    target = tmp_path / "all.xlsx"

    call_command(
        "export_ledger", "--kind", "all", "--from", "2026-01-01", "--to", "2026-12-31",
        "-o", str(target), stdout=io.StringIO(),
    )  # fmt: skip

    workbook = load_workbook(target)
    assert [len(_data_rows(workbook[name])) for name in SHEETS] == [0, 1, 0]
    assert "导出人：定时导出（命令行）" in workbook[SHEETS[1]]["A2"].value
