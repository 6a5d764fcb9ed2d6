"""Tests of a running `scripts/cluster` (make cluster-test): they speak HTTP to
nginx and to each node, and read the cluster's database; no test database.
Skipped unless WZW_CLUSTER=1 (make cluster-test sets it)."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = "http://127.0.0.1:8090"
NODES = ["http://127.0.0.1:8101", "http://127.0.0.1:8102"]

if not os.environ.get("WZW_CLUSTER"):
    collect_ignore_glob = ["test_*.py"]


def cluster(*args: str) -> None:
    subprocess.run([str(ROOT / "scripts" / "cluster"), *args], check=True, timeout=120)


def cluster_env() -> dict[str, str]:
    text = subprocess.run(
        [str(ROOT / "scripts" / "cluster"), "env"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def manage(*args: str, code: str | None = None) -> str:
    """A management command with the cluster's environment (as an operator runs it)."""
    env = {**os.environ, **cluster_env()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py"), *args]
    if code is not None:
        command += ["-c", code]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@pytest.fixture(scope="session")
def database():
    url = cluster_env()["DATABASE_URL"]
    with psycopg.connect(url, autocommit=True) as connection:
        yield connection


@pytest.fixture(scope="session")
def admin_password():
    return (ROOT / "var" / "demo-password.txt").read_text().strip()
