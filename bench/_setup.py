"""Shared start of every benchmark: a throwaway database, Django set up on it.

PostgreSQL when DATABASE_URL names one (a fresh `<name>_bench` database is created
next to it and dropped at the end), else a temporary SQLite file.
"""

import atexit
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> str:
    """Point Django at a fresh database, migrate it, and return its vendor."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        parts = urlsplit(url)
        bench_name = (parts.path.lstrip("/") or "weizhengwu") + "_bench"
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        _recreate_postgres(admin_url, bench_name)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{bench_name}"))
        atexit.register(_drop_postgres, admin_url, bench_name)
    else:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
        HTTPS_ONLY="false",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        MEDIA_ROOT=tempfile.mkdtemp(),
        LOG_LEVEL="ERROR",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the cache without REDIS_URL
    from django.db import connection

    return connection.vendor


def _recreate_postgres(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(admin_url: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
