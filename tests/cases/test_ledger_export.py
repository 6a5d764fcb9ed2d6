"""Ledger exports: the columns, the scope, the filters, the background path and the
record of every export."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from cases import ledger, services
from cases.models import Case, LedgerExport
from cases.resources import ComplaintLedgerResource

pytestmark = pytest.mark.django_db

COMPLAINT_HEADERS = [
    "登记编号", "类型", "渠道", "提交时间", "签收时间", "受理时间", "承办部门", "经办人", "服务类型",
    "标题", "内容", "被投诉/举报对象", "投诉人", "联系电话", "状态", "紧急", "办理时限", "是否超期",
    "转办/退回记录", "督办", "答复时间", "答复内容", "办结时间", "重办次数", "回访结果", "满意度",
]  # fmt: skip


def _complaint(department, title="夜间施工噪音", phone="13812345678", when=None):
    return services.case_submit(
        submission=services.CaseSubmission(
            kind="complaint",
            title=title,
            content="小区东侧工地每晚十一点后仍在施工。",
            department_id=department.id,
            complainee="东城花园东侧工地",
            contact_name="王小明",
            contact_phone=phone,
            channel="h5",
        ),
        now=when,
    ).case


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _export(client, params="", ledger_kind="complaint", file_format="csv"):
    url = reverse("admin:cases_case_export") + params
    return client.post(url, {"ledger": ledger_kind, "file_format": file_format})


def test_the_complaint_ledger_has_the_agreed_columns_and_values(
    login, supervisor, department_a, department_b
):
    case = _complaint(department_a, when=datetime(2026, 11, 20, 2, tzinfo=UTC))
    services.case_transfer(
        case=case,
        to_department_id=department_b.pk,
        actor=supervisor,
        reason="属环保职责",
    )
    services.case_supervise(case=case, actor=supervisor, note="尽快办理")

    rows = _csv(_export(login(supervisor)))

    assert rows[0] == COMPLAINT_HEADERS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["登记编号"] == case.number
    assert row["类型"] == "投诉举报"
    assert row["提交时间"] == "2026-11-20 10:00"
    assert row["承办部门"] == "环境保护局"
    assert row["投诉人"] == "王小明"
    assert row["联系电话"] == "13812345678"
    assert (
        "转办" in row["转办/退回记录"]
        and "劳动和社会保障局→环境保护局" in row["转办/退回记录"]
    )
    assert row["督办"] == "是"
    assert row["是否超期"] == "否"  # the transfer gave it a fresh due date
    assert row["满意度"] == ""


def test_a_case_answered_after_its_due_date_is_marked_overdue(department_a):
    case = _complaint(department_a, when=datetime(2026, 11, 2, 2, tzinfo=UTC))
    services.case_transition(case=case, to_status="accepted")
    services.case_transition(
        case=case,
        to_status="replied",
        reply="已处理",
        now=datetime(2026, 11, 20, 2, tzinfo=UTC),
    )

    rows = list(
        ledger.ledger_rows(
            Case.objects.all(), kind="complaint", contact_departments=None
        )
    )

    assert rows[0][COMPLAINT_HEADERS.index("是否超期")] == "是"
    assert rows[0][COMPLAINT_HEADERS.index("答复时间")] == "2026-11-20 10:00"


def test_an_officer_of_b_exports_nothing_of_a(
    login, officer_b, department_a, department_b
):
    _complaint(department_a, title="甲部门的诉求")
    own = _complaint(department_b, title="乙部门的诉求")

    rows = _csv(_export(login(officer_b)))

    assert [r[0] for r in rows[1:]] == [own.number]


def test_an_officer_gets_phones_of_their_own_cases(login, officer_a, department_a):
    _complaint(department_a)

    rows = _csv(_export(login(officer_a)))

    assert rows[1][COMPLAINT_HEADERS.index("联系电话")] == "13812345678"


def test_a_ledger_read_for_another_department_masks_contacts(
    department_a, department_b
):
    _complaint(department_a)

    rows = list(
        ledger.ledger_rows(
            Case.objects.all(), kind="complaint", contact_departments={department_b.pk}
        )
    )

    assert rows[0][COMPLAINT_HEADERS.index("联系电话")] == "138****5678"
    assert rows[0][COMPLAINT_HEADERS.index("投诉人")] == "王**"


def test_export_follows_the_changelist_filters_and_search(
    login, supervisor, department_a, department_b
):
    wanted = _complaint(department_a, title="噪音扰民")
    _complaint(department_a, title="油烟直排")
    _complaint(department_b, title="噪音扰民")

    rows = _csv(
        _export(login(supervisor), f"?department__id__exact={department_a.pk}&q=噪音")
    )

    assert [r[0] for r in rows[1:]] == [wanted.number]


def test_every_export_is_recorded(login, officer_a, department_a):
    _complaint(department_a)
    _complaint(department_a)

    _export(login(officer_a), "?q=噪音", file_format="xlsx")

    record = LedgerExport.objects.get()
    assert (record.user, record.ledger, record.row_count) == (officer_a, "complaint", 2)
    assert record.filters == {"q": ["噪音"]}
    assert record.file_format == "xlsx"


def test_xlsx_export_opens_in_excel_with_the_headers(login, supervisor, department_a):
    case = _complaint(department_a)

    response = _export(login(supervisor), file_format="xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[2]) == ["序号", *COMPLAINT_HEADERS]  # under the title rows
    assert values[3][:2] == (1, case.number)


def test_a_large_export_runs_in_the_background_and_is_downloaded_later(
    login,
    supervisor,
    department_a,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.LEDGER_SYNC_MAX_ROWS = 2
    settings.LEDGER_EXPORT_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    numbers = {_complaint(department_a, title=f"诉求{i}").number for i in range(3)}
    client = login(supervisor)

    with django_capture_on_commit_callbacks(execute=True):
        response = _export(client, file_format="csv")

    assert response.status_code == 302
    assert response.url == reverse("admin:cases_ledgerexport_changelist")
    record = LedgerExport.objects.get()
    assert (record.state, record.row_count) == ("done", 3)
    download = client.get(
        reverse("admin:cases_ledgerexport_download", args=[record.pk])
    )
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert {row[0] for row in csv.reader(io.StringIO(text))} - {"登记编号"} == numbers


def test_someone_elses_background_export_cannot_be_downloaded(
    login, officer_a, officer_b, department_a, settings, tmp_path
):
    settings.LEDGER_EXPORT_ROOT = tmp_path
    record = LedgerExport.objects.create(
        user=officer_a,
        ledger="complaint",
        file_format="csv",
        state="done",
        file_name="ledger-1.csv",
    )
    (tmp_path / "ledger-1.csv").write_text("x")

    response = login(officer_b).get(
        reverse("admin:cases_ledgerexport_download", args=[record.pk])
    )

    assert response.status_code == 404


def test_export_ledger_command_writes_the_date_range(department_a, tmp_path):
    inside = _complaint(department_a, when=datetime(2026, 3, 1, 2, tzinfo=UTC))
    _complaint(department_a, when=datetime(2025, 12, 31, 2, tzinfo=UTC))
    target = tmp_path / "ledger.xlsx"

    call_command(
        "export_ledger", "--kind", "complaint", "--from", "2026-01-01", "--to", "2026-12-31",
        "--format", "xlsx", "-o", str(target), stdout=io.StringIO(),
    )  # fmt: skip

    values = list(load_workbook(target).active.values)
    assert [row[1] for row in values[3:]] == [inside.number]
    assert "提交日期：2026-01-01 至 2026-12-31" in values[1][0]
    assert LedgerExport.objects.get().filters["source"] == "export_ledger"


def test_export_ledger_command_refuses_a_bad_date(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="日期格式"):
        call_command(
            "export_ledger",
            "--from",
            "2026-13-01",
            "--to",
            "2026-12-31",
            "-o",
            str(tmp_path / "x"),
        )


def test_the_resource_and_the_fast_writer_agree(
    department_a, django_assert_max_num_queries
):
    for index in range(5):
        _complaint(department_a, title=f"诉求{index}")
    cases = Case.objects.filter(kind="complaint")

    with django_assert_max_num_queries(3):
        fast = list(
            ledger.ledger_rows(cases, kind="complaint", contact_departments=None)
        )
    slow = ComplaintLedgerResource().export(
        queryset=cases.order_by("submitted_at", "pk")
    )

    assert slow.headers == COMPLAINT_HEADERS
    assert [list(row) for row in slow] == fast


@pytest.mark.parametrize("count", [3, 30])
def test_ledger_query_count_does_not_grow_with_rows(
    department_a, supervisor, django_assert_max_num_queries, count
):
    for index in range(count):
        case = _complaint(department_a, title=f"诉求{index}")
        services.case_send_back(
            case=case, actor=supervisor, reason="非本部门职责", basis="职责清单"
        )

    with django_assert_max_num_queries(3):  # cases, routing events, ratings
        rows = list(
            ledger.ledger_rows(
                Case.objects.all(), kind="complaint", contact_departments=None
            )
        )
    assert len(rows) == count
    assert all("退回" in row[COMPLAINT_HEADERS.index("转办/退回记录")] for row in rows)


@pytest.mark.django_db(transaction=True)
def test_the_database_task_worker_writes_a_queued_export(
    login, supervisor, department_a, settings, tmp_path
):
    settings.LEDGER_SYNC_MAX_ROWS = 1
    settings.LEDGER_EXPORT_ROOT = tmp_path
    for index in range(2):
        _complaint(department_a, title=f"诉求{index}")
    _export(login(supervisor), file_format="xlsx")  # commits, so the task is queued
    record = LedgerExport.objects.get()
    assert record.state == "pending"

    call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    record.refresh_from_db()
    assert (record.state, record.row_count) == ("done", 2)
    assert (tmp_path / record.file_name).exists()
