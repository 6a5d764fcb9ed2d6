"""The database goes away under load, then comes back.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/db_fault.py

Runs citizen submissions (half with a photo) against gunicorn, stops this machine's
PostgreSQL cluster a few seconds in (pg_ctlcluster, needs root), starts it again,
and keeps going. Then checks: no 500 (only 201, or 503 while the database was
away), every 201 has its case, no case without its first timeline event, no photo
file without its row, and submissions succeed again after the restart.
Only for a development or CI machine: it really stops PostgreSQL.
"""

import argparse
import asyncio
import io
import os
import subprocess
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from _load import free_port, start_gunicorn
from _setup import setup_django

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def refuse_unless_local_postgres() -> None:
    """Stop here unless this machine's own PostgreSQL can be stopped and started."""
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if not url.scheme.startswith("postgres") or url.hostname not in LOCAL_HOSTS:
        raise SystemExit(
            "db_fault.py 需要本机 PostgreSQL：设置 DATABASE_URL=postgres://...@127.0.0.1/..."
        )
    if os.geteuid() != 0 or not Path("/usr/bin/pg_ctlcluster").exists():
        raise SystemExit(
            "db_fault.py 需以 root 运行，并使用 Debian 的 pg_ctlcluster 停止、启动数据库。"
        )


def cluster(action: str) -> None:
    """Stop or start this machine's PostgreSQL cluster (Debian's pg_ctlcluster)."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    command = [
        "/usr/bin/pg_ctlcluster",
        "--skip-systemctl-redirect",
        version,
        "main",
        action,
    ]
    if action == "stop":
        command += ["-m", "fast"]
    # `start` on a running cluster fails harmlessly; never leave the cluster down.
    subprocess.run(command, check=action == "stop")


def photo_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "#1e6fd9").save(buffer, format="JPEG")
    return buffer.getvalue()


async def traffic(base, *, seconds, department_id, outage_at, outage_for):
    import httpx

    results, jpeg = [], photo_bytes()
    fields = {
        "kind": "complaint",
        "title": "路灯损坏无人维修",
        "content": "幸福路北段三盏路灯已损坏一周，夜间行人很不安全。",
        "department": str(department_id),
        "complainee": "幸福路北段路灯",
        "contact_name": "赵女士",
        "contact_phone": "13700003333",
    }

    async def client(http, index):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            headers = {"Idempotency-Key": uuid.uuid4().hex}
            started = time.monotonic()
            try:
                if index % 2:
                    response = await http.post(
                        base + "/api/v1/cases/", data=fields, headers=headers,
                        files={"attachments": ("photo.jpg", jpeg, "image/jpeg")},
                    )  # fmt: skip
                else:
                    response = await http.post(
                        base + "/api/v1/cases/", json=fields, headers=headers
                    )
                number = (
                    response.json().get("number")
                    if response.status_code == 201
                    else None
                )
                results.append((started, response.status_code, number))
            except httpx.HTTPError:
                results.append((started, 0, None))
                await asyncio.sleep(0.2)

    moments = {}

    async def outage():
        await asyncio.sleep(outage_at)
        moments["stopping"] = time.monotonic()
        await asyncio.to_thread(cluster, "stop")
        await asyncio.sleep(outage_for)
        await asyncio.to_thread(cluster, "start")
        moments["started"] = time.monotonic()

    async with httpx.AsyncClient(timeout=30) as http:
        await asyncio.gather(outage(), *(client(http, i) for i in range(10)))
    return results, moments


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    refuse_unless_local_postgres()
    setup_django()

    from django.conf import settings
    from django.db import connections

    from cases.models import Case, CaseAttachment
    from departments.demo import seed_departments

    department = seed_departments()[0]
    port = free_port()
    server = start_gunicorn(port)
    try:
        results, moments = asyncio.run(
            traffic(f"http://127.0.0.1:{port}", seconds=args.seconds,
                    department_id=department.pk, outage_at=8, outage_for=6)
        )  # fmt: skip
    finally:
        cluster("start")
        server.terminate()
        server.wait(timeout=30)
    connections.close_all()

    statuses = Counter(status for _, status, _ in results)
    numbers = {number for _, _, number in results if number}
    stored = set(Case.objects.values_list("number", flat=True))
    without_event = Case.objects.filter(events__isnull=True).count()
    # Only the cases' photos: the demo departments' logos and portraits live in
    # the same MEDIA_ROOT.
    media = Path(settings.MEDIA_ROOT)
    files = {
        str(p.relative_to(media)) for p in (media / "cases").rglob("*") if p.is_file()
    }
    referenced = set()
    for image, thumbnail in CaseAttachment.objects.values_list("image", "thumbnail"):
        referenced |= {image, thumbnail}
    late_ok = [s for t, s, _ in results if t > moments["started"] and s == 201]
    refused = [t for t, s, _ in results if s == 503]
    print(
        f"statuses over {args.seconds:g} s with a 6 s outage: {dict(sorted(statuses.items()))}"
    )
    print(f"500s: {statuses.get(500, 0)}; 201 without case: {len(numbers - stored)}; "
          f"cases without a 201: {len(stored - numbers)}; cases without their first event: {without_event}")  # fmt: skip
    print(
        f"orphan files: {len(files - referenced)}; missing files: {len(referenced - files)}"
    )
    print(f"201s after the database came back: {len(late_ok)}")
    if refused:
        back = min(
            (t for t, s, _ in results if t > max(refused) and s == 201), default=None
        )
        print(
            f"database stopped to started: {moments['started'] - moments['stopping']:.1f} s; "
            f"503s for {max(refused) - min(refused):.1f} s; first 201 "
            + (f"{back - max(refused):.2f} s after the last 503" if back else "never")
        )


if __name__ == "__main__":
    main()
