"""`make run PORT=8101` prints the address gunicorn really listens on."""

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_demo_logins_name_the_address_from_the_environment(
    settings, tmp_path, monkeypatch
):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_URL", "http://127.0.0.1:8101/")
    out = StringIO()

    call_command("ensure_demo_admin", stdout=out)

    assert "微政务已启动: http://127.0.0.1:8101/\n" in out.getvalue()
    assert "管理后台:    http://127.0.0.1:8101/admin/\n" in out.getvalue()
    assert "8000" not in out.getvalue()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_its_host_and_port_to_the_printed_address():
    # A dry run (-n) only prints the recipe's commands; nothing is started.
    recipe = subprocess.run(
        ["make", "-n", "run", "HOST=localhost", "PORT=8101"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    (address_line,) = [
        line for line in recipe.splitlines() if "ensure_demo_admin" in line
    ]
    assert "DEMO_URL=http://localhost:8101/" in address_line
    assert "--bind localhost:8101" in recipe
