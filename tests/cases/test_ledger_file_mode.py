"""Ledger files hold names and phone numbers in full: mode 0600, the service user's
alone (kernel/private_files.py).

The attack: another account on the server (a deploy user, a compromised
neighbouring service) reading var/exports/ledger-*.xlsx, written 0644 under the
usual umask.
"""

import io
import os
import stat

import pytest
from django.core.management import call_command

from cases import services
from cases.models import LedgerExport
from kernel.private_files import private_file
from tests.cases.helpers import submit_case

pytestmark = pytest.mark.django_db


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _permissive_umask():
    # The usual server umask; the file mode must not depend on it.
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_background_export_is_readable_by_the_service_user_alone(
    settings, tmp_path, department_a, supervisor, file_format
):
    settings.LEDGER_EXPORT_ROOT = tmp_path / "exports"
    submit_case(department=department_a, kind="complaint")
    settings.LEDGER_SYNC_MAX_ROWS = 0  # so it is queued for the worker
    export = services.ledger_export_start(
        user=supervisor,
        cases=department_a.cases.all(),
        kind="complaint",
        file_format=file_format,
        filters={},
    )

    services.export_ledger_file.call(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == LedgerExport.State.DONE
    assert mode(services.export_path(export)) == 0o600
    assert mode(settings.LEDGER_EXPORT_ROOT) == 0o700


def test_the_export_ledger_command_writes_its_file_0600(tmp_path, department_a):
    submit_case(department=department_a, kind="complaint")
    target = tmp_path / "ledger.xlsx"

    call_command(
        "export_ledger", "--kind", "complaint", "--from", "2020-01-01",
        "--to", "2099-12-31", "-o", str(target), stdout=io.StringIO(),
    )  # fmt: skip

    assert mode(target) == 0o600


def test_a_file_left_readable_by_an_earlier_try_is_made_private(tmp_path):
    left = tmp_path / "ledger-7.csv"
    left.write_text("王小明,13812345678")
    left.chmod(0o644)

    private_file(left)

    assert mode(left) == 0o600
    assert left.read_text() == ""
