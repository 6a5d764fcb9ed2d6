"""Requests per second and p95 through nginx, with two web nodes and with one
(scripts/cluster; `make cluster-bench`).

Eight client threads (httpx, keep-alive) send for 5 seconds at a time:
- `two nodes`: the citizen's read mix through nginx — the department list, the
  public letters, a department's page, the posters — both nodes up;
- `one node`: the same with node 2 stopped (nginx sends everything to node 1);
- floor: nginx answering a static file (no Python), same client, same threads:
  the most this client and nginx can do on this machine.
Warm-up first; then the three alternate, three times; medians. Every request
is counted: a failed one is reported, never dropped.
"""

import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
NGINX = "http://127.0.0.1:8090"
THREADS, SECONDS, ROUNDS = 8, 5.0, 3


def cluster(*args):
    subprocess.run([str(ROOT / "scripts" / "cluster"), *args], check=True)


def _paths():
    departments = httpx.get(f"{NGINX}/api/v1/departments/").json()["results"]
    first = departments[0]["id"]
    return [
        "/api/v1/departments/",
        "/api/v1/cases/public/",
        f"/api/v1/departments/{first}/",
        "/api/v1/posters/",
    ]


def run(paths, seconds=SECONDS):
    """(requests per second, p95 ms, failures) of THREADS clients for `seconds`."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset):
        mine, failed = [], 0
        with httpx.Client(base_url=NGINX, timeout=10) as http:
            n = offset
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    ok = http.get(paths[n % len(paths)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                mine.append(time.perf_counter() - started)
                failed += not ok
                n += 1
        with lock:
            latencies.extend(mine)
            failures[0] += failed

    threads = [threading.Thread(target=client, args=(i,)) for i in range(THREADS)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - begun
    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    return len(latencies) / took, p95, failures[0]


def main():
    paths = _paths()
    static = [
        "/static/" + p.relative_to(ROOT / ".cluster" / "static").as_posix()
        for p in sorted((ROOT / ".cluster" / "static" / "h5").glob("*.js"))[:1]
    ]
    results = {"two nodes": [], "one node": [], "floor (nginx static)": []}
    run(paths, seconds=2)  # warm-up: connections, caches, workers
    for _ in range(ROUNDS):
        results["two nodes"].append(run(paths))
        cluster("node-stop", "2")
        results["one node"].append(run(paths))
        cluster("node-start", "2")
        results["floor (nginx static)"].append(run(static))
    floor = statistics.median(r[0] for r in results["floor (nginx static)"])
    print(f"{THREADS} threads, {SECONDS:g} s each, {ROUNDS} rounds, medians")
    print(f"{'':22} {'req/s':>8} {'p95 ms':>8} {'failed':>7} {'× floor':>8}")
    for name, runs in results.items():
        rps = statistics.median(r[0] for r in runs)
        p95 = statistics.median(r[1] for r in runs)
        failed = sum(r[2] for r in runs)
        print(f"{name:22} {rps:8.0f} {p95:8.1f} {failed:7d} {rps / floor:8.3f}")
    two = statistics.median(r[0] for r in results["two nodes"])
    one = statistics.median(r[0] for r in results["one node"])
    print(f"two nodes / one node: {two / one:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
