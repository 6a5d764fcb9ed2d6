"""Shared by the load benchmarks: a gunicorn server like `make run`'s, and a
bounded asyncio client (httpx) that posts for a fixed time."""

import asyncio
import os
import socket
import subprocess
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# One machine plays thousands of citizens from one address, so the per-address
# throttles (tested in tests/cases/test_throttles.py) are lifted for the load runs.
UNTHROTTLED = {
    f"THROTTLE_{name}": "100000000/hour"
    for name in [
        "CASE_SUBMIT",
        "CASE_LOOKUP",
        "CASE_CODE_FAILURE",
        "CASE_CODE_FAILURE_ADDRESS",
        "IMPRESSION",
        "REVIEW",
        "EVALUATION",
        "APPOINTMENT_BOOK",
    ]
}


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        **UNTHROTTLED,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "floor_wsgi:application",
            "--chdir",
            str(ROOT / "bench"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


async def load(url: str, body: dict, *, clients: int, seconds: float, keyed: bool):
    import httpx

    results = []  # (status, latency seconds, number or None)
    deadline = time.perf_counter() + seconds

    async def client(http):
        while time.perf_counter() < deadline:
            headers = {"Idempotency-Key": uuid.uuid4().hex} if keyed else {}
            start = time.perf_counter()
            try:
                response = await http.post(url, json=body, headers=headers)
                number = (
                    response.json().get("number")
                    if response.status_code == 201
                    else None
                )
                results.append(
                    (response.status_code, time.perf_counter() - start, number)
                )
            except httpx.HTTPError:
                results.append((0, time.perf_counter() - start, None))

    # keepalive_expiry under gunicorn's 2 s keep-alive: see soak.py.
    limits = httpx.Limits(
        max_connections=clients, max_keepalive_connections=clients, keepalive_expiry=1
    )
    async with httpx.AsyncClient(limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return results
