"""Two nodes behind nginx, as a city runs them (scripts/cluster): what one node
does, the other knows — sessions, throttles, numbers, photos, ledgers — and a node
stopped under a stream of submissions loses and doubles nothing."""

import re
import threading
import time
import uuid
from urllib.parse import urlsplit

import httpx
import pytest

from tests.cluster.conftest import NGINX, NODES, cluster, manage


def _consultation(department_id: int, n: int) -> dict:
    return {
        "kind": "consultation",
        "title": f"集群测试咨询{n}",
        "content": "请问社保卡丢失后在哪里补办，需要带哪些材料？",
        "department": department_id,
        "contact_name": "王小明",
        "contact_phone": "13812345678",
    }


@pytest.fixture(scope="module")
def department_id():
    departments = httpx.get(f"{NGINX}/api/v1/departments/").json()["results"]
    return departments[0]["id"]


def _admin_session(base: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False)
    page = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        "/admin/login/?next=/admin/",
        data={"username": "admin", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/admin/login/"},
    )
    assert response.status_code == 302, response.text[:500]
    return client


def test_a_session_made_on_one_node_works_on_the_other(admin_password):
    on_first = _admin_session(NODES[0], admin_password)
    on_second = httpx.Client(base_url=NODES[1], cookies=on_first.cookies)

    page = on_second.get("/admin/")
    assert page.status_code == 200 and "数据看板" in page.text


def test_throttles_count_across_nodes(department_id):
    # Wrong query codes for one number: 5 an hour per number and address.
    submitted = httpx.post(
        f"{NODES[0]}/api/v1/cases/", json=_consultation(department_id, 0)
    )
    number = submitted.json()["number"]
    codes = []
    for attempt in range(7):
        node = NODES[attempt % 2]
        codes.append(
            httpx.post(
                f"{node}/api/v1/cases/lookup/",
                json={"number": number, "query_code": "AAAAAAAA"},
            ).status_code
        )
    assert codes[:5] == [404] * 5 or codes[:5] == [400] * 5, codes
    assert codes[5:] == [429, 429]


def test_nginx_passes_the_real_client_address_not_a_forged_one(department_id):
    # nginx writes X-Forwarded-For itself: a client that forges one per request
    # is still one address to the throttles.
    submitted = httpx.post(
        f"{NGINX}/api/v1/cases/", json=_consultation(department_id, 1)
    )
    number = submitted.json()["number"]
    codes = [
        httpx.post(
            f"{NGINX}/api/v1/cases/lookup/",
            json={"number": number, "query_code": "BBBBBBBB"},
            headers={"X-Forwarded-For": f"203.0.113.{attempt}"},
        ).status_code
        for attempt in range(7)
    ]
    assert codes[5:] == [429, 429], codes


def test_slow_clients_wait_on_nginx_not_on_gunicorn():
    """Forty clients that send their headers a byte at a time hold nginx's
    connections, not the nodes' 16 threads: a normal request still gets through."""
    import socket

    slow = []
    for _ in range(40):
        conn = socket.create_connection(("127.0.0.1", 8090))
        conn.sendall(
            b"GET /api/v1/departments/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        )
        slow.append(conn)
    try:
        started = time.monotonic()
        response = httpx.get(f"{NGINX}/api/v1/departments/", timeout=5)
        assert response.status_code == 200
        assert time.monotonic() - started < 2
    finally:
        for conn in slow:
            conn.close()


def test_numbers_stay_gapless_across_nodes(department_id, database):
    numbers: list[str] = []
    start = threading.Barrier(16)

    def submit(n):
        start.wait()
        response = httpx.post(
            f"{NODES[n % 2]}/api/v1/cases/",
            json=_consultation(department_id, n),
            timeout=60,
        )
        assert response.status_code == 201, response.text
        numbers.append(response.json()["number"])

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(numbers) == 16 == len(set(numbers))
    day = numbers[0].rsplit("-", 1)[0]
    every = sorted(
        int(row[0].rsplit("-", 1)[1])
        for row in database.execute(
            "SELECT number FROM cases_case WHERE number LIKE %s", [f"{day}-%"]
        )
    )
    assert every == list(range(1, len(every) + 1))


def test_a_photo_uploaded_through_one_node_shows_through_the_other(department_id):
    from tests.cases.helpers import jpeg_bytes

    body = _consultation(department_id, 99)
    response = httpx.post(
        f"{NODES[0]}/api/v1/cases/",
        data={k: str(v) for k, v in body.items()},
        files=[("attachments", ("street.jpg", jpeg_bytes((640, 480)), "image/jpeg"))],
    )
    assert response.status_code == 201, response.text
    submitted = response.json()
    looked_up = httpx.post(
        f"{NODES[1]}/api/v1/cases/lookup/",
        json={"number": submitted["number"], "query_code": submitted["query_code"]},
    ).json()
    [photo] = looked_up["attachments"]
    fetched = httpx.get(photo["thumbnail"])
    assert fetched.status_code == 200 and fetched.content[:2] == b"\xff\xd8"
    # A public picture (a poster seeded through the bucket) is nginx's to serve,
    # from the public bucket; a node itself has no copy on its disk.
    poster = httpx.get(f"{NODES[1]}/api/v1/posters/").json()[0]
    path = urlsplit(poster["image"]["url"]).path
    assert httpx.get(f"{NODES[1]}{path}").status_code == 404
    picture = httpx.get(f"{NGINX}{path}")
    assert picture.status_code == 200 and picture.content[:2] == b"\xff\xd8"


def test_a_ledger_exported_by_the_worker_downloads_through_a_node(
    admin_password, database
):
    export_id = manage(
        "shell",
        code=(
            "from django.contrib.auth import get_user_model;"
            "from cases import services;"
            "from cases.models import Case, LedgerExport;"
            "e = services.ledger_export_start(user=get_user_model().objects.get(username='admin'),"
            " cases=Case.objects.all(), kind='consultation', file_format='xlsx', filters={});"
            "print(e.pk)"
        ),
    )
    deadline = time.monotonic() + 60
    state = None
    while time.monotonic() < deadline:
        [(state,)] = database.execute(
            "SELECT state FROM cases_ledgerexport WHERE id = %s", [int(export_id)]
        ).fetchall()
        if state in ("done", "failed"):
            break
        time.sleep(0.5)
    assert state == "done"
    staff = _admin_session(NODES[1], admin_password)
    response = staff.get(f"/admin/cases/ledgerexport/{export_id}/download/")
    assert response.status_code == 302
    downloaded = httpx.get(response.headers["Location"])
    assert downloaded.status_code == 200 and downloaded.content[:2] == b"PK"


def test_a_node_stopped_under_submissions_loses_and_doubles_nothing(
    department_id, database
):
    """The H5 retries a failed POST with the same Idempotency-Key; nginx sends
    the retry to the node that is still up."""
    keys = [f"cluster-{uuid.uuid4()}" for _ in range(240)]
    retries = {"count": 0, "done": 0}
    lock = threading.Lock()

    def send(index: int, key: str):
        for _attempt in range(20):
            try:
                response = httpx.post(
                    f"{NGINX}/api/v1/cases/",
                    json=_consultation(department_id, 1000 + index),
                    headers={"Idempotency-Key": key},
                    timeout=10,
                )
                if response.status_code == 201:
                    with lock:
                        retries["done"] += 1
                    return
            except httpx.HTTPError:
                pass
            with lock:
                retries["count"] += 1
            time.sleep(0.2)
        raise AssertionError(f"{key} never registered")

    def stream(part: list[tuple[int, str]]):
        for index, key in part:
            send(index, key)

    reads = {"ok": 0, "failed": 0}
    streaming = threading.Event()
    streaming.set()

    def read_stream():
        # GETs are idempotent: nginx retries them on the other node itself.
        with httpx.Client(base_url=NGINX, timeout=10) as http:
            while streaming.is_set():
                try:
                    ok = http.get("/api/v1/departments/").status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    reads["ok" if ok else "failed"] += 1

    indexed = list(enumerate(keys))
    workers = [threading.Thread(target=stream, args=(indexed[i::8],)) for i in range(8)]
    reader = threading.Thread(target=read_stream)
    reader.start()
    for worker in workers:
        worker.start()
    while retries["done"] < len(keys) // 4:
        time.sleep(0.01)
    cluster("node-stop", "1", "-KILL")
    done_when_stopped = retries["done"]
    for worker in workers:
        worker.join(timeout=300)
    streaming.clear()
    reader.join(timeout=30)

    rows = database.execute(
        "SELECT k.key, c.number FROM cases_submissionkey k JOIN cases_case c ON c.id = k.case_id"
        " WHERE k.key = ANY(%s)",
        [keys],
    ).fetchall()
    assert done_when_stopped < len(keys) * 3 // 4  # stopped mid-stream
    assert len(rows) == len(keys)  # 0 lost
    assert len({number for _key, number in rows}) == len(keys)  # 0 doubled
    assert reads["failed"] == 0 and reads["ok"] > 0, reads
    # Recovery: the node comes back and serves again.
    cluster("node-start", "1")
    assert httpx.get(f"{NODES[0]}/readyz").status_code == 200
    print(
        f"failover: {len(keys)} submissions, node 1 killed after {done_when_stopped},"
        f" {retries['count']} retried by the client, 0 lost, 0 doubled;"
        f" {reads['ok']} reads meanwhile, 0 failed"
    )


def test_readyz_fails_within_a_second_of_losing_redis_and_recovers():
    assert httpx.get(f"{NODES[0]}/readyz").status_code == 200
    cluster("redis-stop")
    try:
        stopped = time.monotonic()
        while True:
            response = httpx.get(f"{NODES[0]}/readyz", timeout=5)
            if response.status_code == 503:
                break
            assert time.monotonic() - stopped < 1, "still ready a second after"
        took = time.monotonic() - stopped
        assert response.json()["checks"]["cache"] == "unavailable"
        assert httpx.get(f"{NODES[0]}/healthz").status_code == 200
    finally:
        cluster("redis-start")
    deadline = time.monotonic() + 10
    while httpx.get(f"{NODES[0]}/readyz").status_code != 200:
        assert time.monotonic() < deadline, "not ready again after Redis came back"
        time.sleep(0.2)
    print(
        f"readyz: 503 {took:.2f} s after Redis stopped; ready again after it came back"
    )
