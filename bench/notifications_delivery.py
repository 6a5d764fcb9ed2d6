"""Notification delivery through the real tasks worker, and a worker killed half way.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/weizhengwu .venv/bin/python bench/notifications_delivery.py

A local HTTP server plays Aliyun's SMS API (SendSms answers Code "OK" and a BizId),
and the Aliyun backend talks to it through the official SDK, as in production. The
bench queues --messages SMS through `notifications.services.notify` (one recipient
each, so the daily cap never applies), then:

  (a) two `manage.py db_worker` processes deliver them: messages per second, from the
      provider's first request to the last row marked sent;
  (b) the outbox without the queue, in this process: `message_deliver` per row
      (claim, SDK call, record), one after another;
  (c) the floor, in this process: the bare SDK call per message to the same fake;
  (d) the same number again with two workers and the periodic runner, one worker
      SIGKILLed when half are sent and started again: duplicates at the provider and
      messages lost (never received, or not marked sent) must both be 0. The message
      the killed worker held is delivered again once its lease passes, by
      `deliver_due_messages` (the periodic runner's every-minute job), so (d) waits
      a few minutes for it.

A warm-up of --warmup messages runs first. (b) and (c) are the medians of three runs.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from _setup import ROOT, setup_django

EVENT = "case.accepted"


class FakeAliyun:
    """Aliyun's SendSms, answering OK at once; counts each phone number it is sent."""

    def __init__(self):
        self.received = Counter()
        self.first_at = None
        self.last_at = None
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in two writes; with Nagle's algorithm the
            # second waits for the client's delayed ACK (40 ms a request).
            disable_nagle_algorithm = True

            def do_POST(self):
                query = dict(parse_qsl(urlsplit(self.path).query))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    query.update(parse_qsl(self.rfile.read(length).decode()))
                now = time.perf_counter()
                with fake.lock:
                    fake.received[query.get("PhoneNumbers", "")] += 1
                    fake.first_at = fake.first_at or now
                    fake.last_at = now
                    serial = sum(fake.received.values())
                body = json.dumps(
                    {
                        "Code": "OK",
                        "Message": "OK",
                        "BizId": f"{serial}^0",
                        "RequestId": f"bench-{serial}",
                    }
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, *args):
                pass  # the request line holds the phone number

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the SIGKILLed worker's connection resets: expected

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def reset_clock(self):
        with self.lock:
            self.first_at = self.last_at = None


def phones(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{index:07d}" for index in range(count)]


def queue(numbers: list[str], tag: str) -> float:
    """notify() each number, 500 per transaction; returns messages per second."""
    from django.db import transaction

    from notifications.services import notify

    start = time.perf_counter()
    for offset in range(0, len(numbers), 500):
        with transaction.atomic():
            for index, phone in enumerate(numbers[offset : offset + 500], offset):
                notify(
                    event=EVENT,
                    about=f"bench.case:{index}",
                    occurrence=f"{tag}-{index}",
                    channel="sms",
                    recipient=phone,
                    params={"number": f"ZX-BENCH-{index:05d}", "department": "测试局"},
                    counts_to_daily_cap=False,
                )
    return len(numbers) / (time.perf_counter() - start)


def sent_count(tag: str) -> int:
    from notifications.models import Message

    return Message.objects.filter(
        occurrence__startswith=f"{tag}-", status=Message.Status.SENT
    ).count()


class Workers:
    def __init__(self, log_dir: str):
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *command: str):
        log = open(os.path.join(self.log_dir, f"{name}.log"), "ab")  # noqa: SIM115
        self.processes[name] = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env=os.environ,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )

    def start_worker(self, name: str):
        self.start(name, "db_worker", "--no-startup-delay", "--interval", "0.2")

    def kill(self, name: str):
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait()

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()


def wait_for(tag: str, count: int, *, timeout: float, until=None) -> int:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = sent_count(tag)
        if done >= count or (until is not None and done >= until):
            return done
        time.sleep(0.25)
    return sent_count(tag)


def drop_queued_tasks():
    """Tasks queued for rows (b) already delivered in process: a worker would
    only find them "not due", but they would slow (a)."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()


def in_process_runs(fake, count: int, repeat: int):
    from notifications.backends.aliyun import AliyunSmsBackend
    from notifications.delivery import _outgoing, message_deliver
    from notifications.models import Message

    outbox_rates, floor_rates, floor_latencies = [], [], []
    for run in range(repeat):
        tag = f"inproc{run}"
        queue(phones(f"137{run}", count), tag)
        drop_queued_tasks()
        ids = list(
            Message.objects.filter(occurrence__startswith=f"{tag}-").values_list(
                "pk", flat=True
            )
        )
        start = time.perf_counter()
        outcomes = Counter(message_deliver(message_id=pk) for pk in ids)
        outbox_rates.append(count / (time.perf_counter() - start))
        assert outcomes == {"sent": count}, outcomes

        backend = AliyunSmsBackend()
        outgoing = [
            _outgoing(message) for message in Message.objects.filter(pk__in=ids)
        ]
        start = time.perf_counter()
        for item in outgoing:
            begin = time.perf_counter()
            backend.send(item)
            floor_latencies.append(time.perf_counter() - begin)
        floor_rates.append(count / (time.perf_counter() - start))
    return (
        statistics.median(outbox_rates),
        statistics.median(floor_rates),
        statistics.median(floor_latencies),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--floor-messages", type=int, default=1_000)
    parser.add_argument("--recovery-timeout", type=float, default=420)
    args = parser.parse_args()

    fake = FakeAliyun()
    os.environ.update(
        SMS_BACKEND="aliyun",
        ALIYUN_SMS_ENDPOINT=fake.endpoint,
        ALIYUN_SMS_ACCESS_KEY_ID="bench-key-id",
        ALIYUN_SMS_ACCESS_KEY_SECRET="bench-key-secret",
        NOTIFY_SEND_TIMEOUT="5",
        NOTIFY_PROVIDER_TIMEOUT="5",
    )
    vendor = setup_django()
    from notifications.models import MessageTemplate

    MessageTemplate.objects.filter(event=EVENT, channel="sms").update(
        provider_template_code="SMS_000000001", active=True
    )
    log_dir = tempfile.mkdtemp(prefix="notify-bench-")
    workers = Workers(log_dir)
    n = args.messages
    print(f"database: {vendor}; fake Aliyun at {fake.endpoint}; logs in {log_dir}\n")

    try:
        # Warm-up: both workers deliver a few, then stop.
        queue(phones("1360", args.warmup), "warm")
        workers.start_worker("w1")
        workers.start_worker("w2")
        warmed = wait_for("warm", args.warmup, timeout=120)
        workers.stop_all()
        assert warmed == args.warmup, f"warm-up: {warmed} of {args.warmup} sent"

        outbox_rate, floor_rate, floor_latency = in_process_runs(
            fake, args.floor_messages, 3
        )

        # (a) a clean run.
        queue_rate = queue(phones("1380", n), "clean")
        fake.reset_clock()
        started = time.perf_counter()
        workers.start_worker("w1")
        workers.start_worker("w2")
        done = wait_for("clean", n, timeout=900)
        finished = time.perf_counter()
        workers.stop_all()
        clean_seconds = finished - (fake.first_at or started)
        clean_rate = done / clean_seconds
        clean_received = {
            p: c for p, c in fake.received.items() if p.startswith("1380")
        }

        # (d) a worker SIGKILLed half way, then started again.
        queue(phones("1390", n), "kill")
        workers.start("runner", "periodic", "--max-sleep", "5")
        workers.start_worker("w1")
        workers.start_worker("w2")
        at_kill = wait_for("kill", n, timeout=900, until=n // 2)
        workers.kill("w1")
        killed_at = time.perf_counter()
        workers.start_worker("w1")
        recovered = wait_for("kill", n, timeout=args.recovery_timeout)
        recovery_seconds = time.perf_counter() - killed_at
        workers.stop_all()
    finally:
        workers.stop_all()

    from notifications.models import Message

    kill_received = {p: c for p, c in fake.received.items() if p.startswith("1390")}
    kill_rows = Message.objects.filter(occurrence__startswith="kill-")
    expected = set(phones("1390", n))
    duplicates = sum(count - 1 for count in kill_received.values())
    never_received = len(expected - set(kill_received))
    not_marked_sent = kill_rows.exclude(status=Message.Status.SENT).count()
    retried = kill_rows.filter(attempts__gt=1).count()
    clean_duplicates = sum(count - 1 for count in clean_received.values())
    clean_lost = n - len(clean_received)

    print(f"{'run':<58}{'messages':>9}{'msg/s':>9}")
    print(f"{'queue: notify() x 500 per transaction':<58}{n:>9,}{queue_rate:>9,.0f}")
    print(
        f"{'(a) 2 x db_worker -> Aliyun SDK -> fake':<58}{done:>9,}{clean_rate:>9,.0f}"
    )
    print(
        f"{'(b) outbox in process, message_deliver one by one (median)':<58}"
        f"{args.floor_messages:>9,}{outbox_rate:>9,.0f}"
    )
    print(
        f"{'(c) floor: bare SDK send() in process (median)':<58}"
        f"{args.floor_messages:>9,}{floor_rate:>9,.0f}"
    )
    print()
    print(f"floor median SDK round trip: {floor_latency * 1000:.1f} ms")
    print(f"a/c (2 workers vs one bare SDK loop): {clean_rate / floor_rate:.2f}")
    print(
        f"b/c (outbox bookkeeping cost in one process): {outbox_rate / floor_rate:.2f}"
    )
    print(f"(a) duplicates {clean_duplicates}, lost {clean_lost}")
    print()
    print(f"(d) worker w1 SIGKILLed at {at_kill:,} of {n:,} sent, then started again")
    print(f"    all sent after {recovery_seconds:.0f} s: {recovered:,} of {n:,}")
    print(f"    rows tried more than once (the killed worker's): {retried}")
    print(f"    duplicates at the provider: {duplicates}")
    print(
        f"    lost: {never_received} never received, {not_marked_sent} not marked sent"
    )


if __name__ == "__main__":
    main()
