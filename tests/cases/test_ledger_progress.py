"""A background ledger export shows how far it has come in 台账导出记录: the worker
counts the rows first, then writes the count of rows done every few thousand
rows in an UPDATE of its own, which another session sees at once."""

import threading

import pytest
from django.urls import reverse

from cases import ledger_progress, services
from cases.models import Case, LedgerExport
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db


def _record(user, **fields) -> LedgerExport:
    return LedgerExport.objects.create(
        user=user, ledger="complaint", file_format="xlsx", **fields
    )


@pytest.mark.parametrize(
    ("state", "expected", "written", "text"),
    [
        ("running", 1_000_000, 420_000, "生成中 42%（420,000 / 1,000,000 行）"),
        ("running", 3, 0, "生成中 0%（0 / 3 行）"),
        # More cases than were counted: never 100% before the file is closed.
        ("running", 10, 12, "生成中 99%（12 / 10 行）"),
        ("running", None, 0, "生成中"),  # not counted yet
        ("pending", None, 0, "排队中"),
        ("done", 10, 10, "已完成"),
        ("failed", 10, 4, "失败"),
    ],
)
def test_the_progress_reads_as_the_state_and_how_far(
    supervisor, state, expected, written, text
):
    export = _record(
        supervisor, state=state, rows_expected=expected, rows_written=written
    )

    assert ledger_progress.progress_text(export) == text


def test_the_export_records_list_and_page_show_the_progress(
    login, supervisor, django_assert_max_num_queries
):
    export = _record(
        supervisor, state="running", rows_expected=1_000_000, rows_written=420_000
    )
    _record(supervisor, state="pending")
    client = login(supervisor)

    with django_assert_max_num_queries(12):
        listing = client.get(reverse("admin:cases_ledgerexport_changelist"))
    page = client.get(reverse("admin:cases_ledgerexport_change", args=[export.pk]))

    for response in (listing, page):
        assert response.status_code == 200
        assert "生成中 42%（420,000 / 1,000,000 行）" in response.content.decode()
    assert "排队中" in listing.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_counts_first_and_shows_each_step_to_other_sessions(
    supervisor, department_a, settings, tmp_path, monkeypatch
):
    settings.LEDGER_SYNC_MAX_ROWS = 1
    settings.LEDGER_EXPORT_ROOT = tmp_path
    for index in range(5):
        submit_case(
            department=department_a, kind=Case.Kind.COMPLAINT, title=f"诉求{index}"
        )
    export = services.ledger_export_start(
        user=supervisor,
        cases=Case.objects.all(),
        kind="complaint",
        file_format="xlsx",
        filters={},
    )
    seen = []

    def read_elsewhere():
        # A thread has a database connection of its own: another session.
        seen.append(
            LedgerExport.objects.values_list("rows_expected", "rows_written").get(
                pk=export.pk
            )
        )

    recorder = ledger_progress.progress_recorder

    def every_two_rows(*, export_id):
        record = recorder(export_id=export_id, every=2)

        def on_row():
            record()
            reader = threading.Thread(target=read_elsewhere)
            reader.start()
            reader.join()

        return on_row

    monkeypatch.setattr(services.ledgers, "progress_recorder", every_two_rows)

    assert services.export_ledger_file.call(export_id=export.pk) == 5

    # Counted before the first row; rows 2 and 4 written as they were reached.
    assert seen == [(5, 0), (5, 2), (5, 2), (5, 4), (5, 4)]
    export.refresh_from_db()
    assert (export.state, export.rows_expected, export.rows_written) == ("done", 5, 5)
