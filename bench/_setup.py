"""Shared start of every benchmark: a throwaway database, Django set up on it.

PostgreSQL when DATABASE_URL names one (a fresh `<name>_bench` database is created
next to it and dropped at the end), else a temporary SQLite file.

`setup_django(fill=N)` also gives the database N cases (bench/fill.py). On
PostgreSQL the filled database is kept as a template, `<name>_bench_<N>`, and each
benchmark starts from a copy of it (CREATE DATABASE … TEMPLATE, seconds where a
million-case fill takes minutes). The template carries a fingerprint of what made
it (the fill, every migration, the search document and roll-up code) and is
filled again when that changes; BENCH_REUSE=1 takes it as it is (a measurement
while others edit), BENCH_REFILL=1 always fills it again.
"""

import atexit
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# What a filled template depends on, besides every app's migrations.
_FILL_SOURCES = [
    "bench/fill.py",
    "bench/_fill_rows.py",
    "cases/search.py",
    "kernel/search.py",
    "cases/rollups*.py",
    "cases/models/rollups.py",
    "feedback/models/rollups.py",
    "feedback/services/rollups.py",
    "portal/management/commands/rebuild_rollups.py",
    "*/migrations/0*.py",
]


def setup_django(
    *, fill: int | None = None, static: bool = False, into: str | None = None
) -> str:
    """Point Django at a fresh database, migrate it, and return its vendor.

    With `fill`, the database holds that many cases (bench/fill.py) when this
    returns. `static`: pages link their stylesheets through the hashed-names
    manifest, as in production, so the static files are collected first (into
    var/bench_static). `into` is fill.py's own: fill the named template itself."""
    url = os.environ.get("DATABASE_URL", "")
    media = tempfile.mkdtemp()
    if url.startswith("postgres"):
        parts = urlsplit(url)
        base = parts.path.lstrip("/") or "weizhengwu"
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        if into:
            bench_name, media = into, str(_template_media(into))
            shutil.rmtree(media, ignore_errors=True)
            _recreate_postgres(admin_url, into)
        else:
            bench_name = base + "_bench"
            template = None
            if fill:
                template = f"{base}_bench_{fill}"
                _ensure_template(url, admin_url, template, fill)
                shutil.copytree(_template_media(template), media, dirs_exist_ok=True)
            _recreate_postgres(admin_url, bench_name, template=template)
            atexit.register(_drop_postgres, admin_url, bench_name)
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{bench_name}"))
    else:
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-" + "x" * 30,
        HTTPS_ONLY="false",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        MEDIA_ROOT=media,
        LOG_LEVEL="ERROR",
    )
    if static:
        os.environ["STATIC_ROOT"] = str(ROOT / "var" / "bench_static")
    # WhiteNoise looks for collected static files, which only pages need.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)  # the cache without REDIS_URL
    if static:
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connection

    if fill and (into or connection.vendor != "postgresql"):
        from fill import fill_cases

        fill_cases(count=fill, quiet=False)
    return connection.vendor


def fingerprint() -> str:
    digest = hashlib.sha256()
    for pattern in _FILL_SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _template_media(template: str) -> Path:
    return ROOT / "var" / "bench_media" / template


def _ensure_template(url: str, admin_url: str, template: str, count: int) -> None:
    import psycopg

    wanted = fingerprint()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
            " WHERE datname = %s",
            [template],
        ).fetchone()
    if row is not None and os.environ.get("BENCH_REFILL") != "1":
        if row[0] == wanted:
            print(f"cases: {count:,} from the template {template}")
            return
        if os.environ.get("BENCH_REUSE") == "1":
            print(f"cases: {count:,} from {template}, made by other code (BENCH_REUSE)")
            return
    print(f"cases: filling {count:,} into the template {template}", flush=True)
    subprocess.run(
        [
            *(sys.executable, str(ROOT / "bench" / "fill.py")),
            *("--cases", str(count), "--template", template),
        ],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
    )
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{wanted}'")


def _recreate_postgres(admin_url: str, name: str, template: str | None = None) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if template:
            # FILE_COPY: a copy of the files, where PostgreSQL 15's default WAL_LOG
            # writes a million cases through the WAL once more.
            conn.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY = FILE_COPY'
            )
        else:
            conn.execute(f'CREATE DATABASE "{name}"')


def _drop_postgres(admin_url: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
