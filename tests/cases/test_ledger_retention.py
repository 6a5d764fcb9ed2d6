"""Background ledger files hold names and phone numbers in full: a failed export
leaves none behind, and finished ones are deleted after the retention period."""

import io
import os
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import LedgerExport

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture
def export_root(settings, tmp_path):
    settings.LEDGER_EXPORT_ROOT = tmp_path
    settings.LEDGER_EXPORT_KEEP_DAYS = 7
    return tmp_path


def _finished(user, *, days_ago: float, root) -> LedgerExport:
    export = LedgerExport.objects.create(
        user=user,
        ledger="complaint",
        file_format="csv",
        state=LedgerExport.State.DONE,
        row_count=6000,
    )
    export.file_name = f"ledger-{export.pk}.csv"
    export.finished_at = NOW - timedelta(days=days_ago)
    export.save()
    (root / export.file_name).write_text(
        "登记编号,投诉人,联系电话\nTS-1,王小明,13812345678\n"
    )
    return export


def _stray(root, name: str, *, days_ago: float):
    path = root / name
    path.write_text("partial")
    moment = (NOW - timedelta(days=days_ago)).timestamp()
    os.utime(path, (moment, moment))
    return path


def test_a_failed_background_export_leaves_no_partial_file(
    supervisor, export_root, monkeypatch
):
    export = LedgerExport.objects.create(
        user=supervisor,
        ledger="complaint",
        file_format="csv",
        row_count=6000,
        pending_search="13812345678",
    )

    def write_half_then_fail(*, target, **kwargs):
        target.write_text("登记编号,投诉人,联系电话\nTS-1,王小明,13812345678\n")
        raise OSError("disk full")

    monkeypatch.setattr(
        "cases.services.ledgers.write_ledger_file", write_half_then_fail
    )

    with pytest.raises(OSError):
        services.export_ledger_file.call(export_id=export.pk)

    export.refresh_from_db()
    assert (export.state, export.pending_search) == (LedgerExport.State.FAILED, "")
    assert list(export_root.iterdir()) == []


def test_files_older_than_the_retention_period_are_deleted(supervisor, export_root):
    old = _finished(supervisor, days_ago=8, root=export_root)
    recent = _finished(supervisor, days_ago=6, root=export_root)

    result = services.ledger_exports_prune(now=NOW, keep_days=7)

    assert result.expired == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.state == LedgerExport.State.EXPIRED
    assert not (export_root / old.file_name).exists()
    # The record stays: who exported what, when, and how many rows.
    assert (old.user, old.row_count) == (supervisor, 6000)
    assert recent.state == LedgerExport.State.DONE
    assert (export_root / recent.file_name).exists()


def test_an_expired_export_says_so_and_cannot_be_downloaded(
    login, supervisor, export_root
):
    old = _finished(supervisor, days_ago=30, root=export_root)
    services.ledger_exports_prune(now=NOW, keep_days=7)
    client = login(supervisor)

    listing = client.get(reverse("admin:cases_ledgerexport_changelist"))
    download = client.get(reverse("admin:cases_ledgerexport_download", args=[old.pk]))

    assert "文件已过期删除" in listing.content.decode()
    assert download.status_code == 404


def test_exports_that_never_finished_are_given_up(supervisor, export_root):
    stuck = LedgerExport.objects.create(
        user=supervisor,
        ledger="complaint",
        file_format="xlsx",
        pending_search="13812345678",
    )
    LedgerExport.objects.filter(pk=stuck.pk).update(created_at=NOW - timedelta(days=8))
    waiting = LedgerExport.objects.create(
        user=supervisor,
        ledger="complaint",
        file_format="xlsx",
        pending_search="13812345678",
    )

    result = services.ledger_exports_prune(now=NOW, keep_days=7)

    stuck.refresh_from_db()
    waiting.refresh_from_db()
    assert result.abandoned == 1
    # The search that waited may be a caller's name or phone number: dropped too.
    assert (stuck.state, stuck.pending_search) == (LedgerExport.State.FAILED, "")
    assert waiting.state == LedgerExport.State.PENDING


def test_old_files_without_a_finished_export_are_deleted(supervisor, export_root):
    kept = _finished(supervisor, days_ago=1, root=export_root)
    old_stray = _stray(export_root, "ledger-999.xlsx", days_ago=9)
    new_stray = _stray(export_root, "ledger-1000.xlsx", days_ago=0.1)

    result = services.ledger_exports_prune(now=NOW, keep_days=7)

    assert result.stray_files == 1
    assert not old_stray.exists()
    assert new_stray.exists()  # perhaps being written right now
    assert (export_root / kept.file_name).exists()


def test_the_command_prunes_with_the_configured_period(supervisor, export_root):
    old = _finished(supervisor, days_ago=8, root=export_root)
    out = io.StringIO()

    call_command("prune_ledger_exports", stdout=out)

    assert not (export_root / old.file_name).exists()
    assert "删除 1 个超过 7 天的台账文件" in out.getvalue()


def test_the_command_refuses_a_period_under_one_day(export_root):
    with pytest.raises(CommandError, match="保留天数至少为 1 天"):
        call_command("prune_ledger_exports", "--days", "0")
