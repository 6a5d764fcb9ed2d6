"""Prometheus metrics at /metrics (portal/metrics.py, docs/observability.md)."""

import runpy
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, values
from prometheus_client.parser import text_string_to_metric_families

from cases.models import Case
from notifications.models import Message
from portal import metrics
from tests.cases.helpers import SUBMIT_URL, payload

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
CONF = Path(__file__).resolve().parents[2] / "portal" / "gunicorn_conf.py"


def scrape(**extra):
    return Client().get("/metrics", **{"REMOTE_ADDR": "127.0.0.1", **extra})


def samples(response) -> dict:
    """{(name, frozen labels): value} of a /metrics answer."""
    text = response.content.decode()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def submissions(channel, kind):
    value = REGISTRY.get_sample_value(
        "wzw_case_submissions_total", {"channel": channel, "kind": kind}
    )
    return value or 0.0


# Who may scrape


def test_a_local_scraper_reads_the_metrics_in_prometheus_format():
    response = scrape()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    names = {name for name, _ in samples(response)}
    assert "wzw_case_submissions_total" in names
    assert "wzw_notification_queue_depth" in names
    assert "django_http_requests_total_by_view_transport_method_total" in names


def test_any_other_address_gets_a_404():
    assert scrape(REMOTE_ADDR=ATTACKER).status_code == 404


def test_a_post_from_another_address_is_a_404_too_not_a_csrf_refusal():
    response = Client().post("/metrics", REMOTE_ADDR=ATTACKER)

    assert response.status_code == 404


def test_an_untrusted_peer_cannot_pass_for_a_local_one_with_forwarded_headers():
    response = scrape(
        REMOTE_ADDR=ATTACKER,
        headers={"X-Forwarded-For": "127.0.0.1", "X-Real-IP": "127.0.0.1"},
    )

    assert response.status_code == 404


def test_a_request_the_local_proxy_forwarded_counts_as_its_client_not_the_proxy():
    # nginx on 127.0.0.1 passing on an outside request: not a local scraper.
    for header in ("X-Forwarded-For", "X-Real-IP"):
        response = scrape(REMOTE_ADDR="127.0.0.1", headers={header: ATTACKER})

        assert response.status_code == 404, header


def test_a_listed_network_behind_the_trusted_proxy_may_scrape(settings):
    settings.METRICS_ALLOWED_IPS = ["10.8.0.0/16"]

    through_proxy = scrape(
        REMOTE_ADDR="127.0.0.1", headers={"X-Forwarded-For": "10.8.3.4"}
    )
    the_proxy_itself = scrape(REMOTE_ADDR="127.0.0.1")

    assert through_proxy.status_code == 200
    assert the_proxy_itself.status_code == 404


def test_with_num_proxies_the_client_is_that_many_proxies_back(settings):
    settings.METRICS_ALLOWED_IPS = ["10.8.3.4"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    forwarded = {"X-Forwarded-For": "127.0.0.1, 10.8.3.4, 192.0.2.7"}

    assert scrape(REMOTE_ADDR="127.0.0.1", headers=forwarded).status_code == 200


def test_a_local_scraper_needs_no_https_where_every_page_is_redirected(settings):
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/healthz").status_code == 301
    assert scrape().status_code == 200


def test_a_scraper_may_not_write():
    assert Client().post("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 405


# What is counted


def test_requests_are_counted_and_timed_by_view():
    before = samples(scrape())
    Client().get("/healthz")
    after = samples(scrape())

    key = frozenset({"view": "healthz", "transport": "http", "method": "GET"}.items())
    name = "django_http_requests_total_by_view_transport_method_total"
    assert after[(name, key)] == before.get((name, key), 0) + 1
    latency = frozenset({"view": "healthz", "method": "GET"}.items())
    count = "django_http_requests_latency_seconds_by_view_method_count"
    assert after[(count, latency)] == before.get((count, latency), 0) + 1


def test_a_submission_through_the_api_moves_the_counter_once_committed(
    api_client, department_a, django_capture_on_commit_callbacks
):
    before = submissions("api", "consultation")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client.post(SUBMIT_URL, payload(department_a), format="json")
        # Not before the commit: a rolled-back submission is no submission.
        assert submissions("api", "consultation") == before

    assert response.status_code == 201
    assert callbacks
    assert submissions("api", "consultation") == before + 1
    line = samples(scrape())[
        (
            "wzw_case_submissions_total",
            frozenset({"channel": "api", "kind": "consultation"}.items()),
        )
    ]
    assert line == before + 1


def test_the_counter_is_by_channel_and_kind(
    api_client, department_a, django_capture_on_commit_callbacks
):
    before = submissions("h5", "suggestion")
    body = payload(department_a, kind="suggestion", channel="h5")

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(SUBMIT_URL, body, format="json")

    assert response.status_code == 201, response.json()
    assert Case.objects.get().channel == "h5"
    assert submissions("h5", "suggestion") == before + 1


def test_a_refused_submission_and_a_retry_count_nothing(
    api_client, department_a, django_capture_on_commit_callbacks
):
    before = submissions("api", "consultation")
    key = {"HTTP_IDEMPOTENCY_KEY": f"h5-{uuid.uuid4()}"}

    with django_capture_on_commit_callbacks(execute=True):
        refused = api_client.post(
            SUBMIT_URL, payload(department_a, contact_name=""), format="json"
        )
        first = api_client.post(SUBMIT_URL, payload(department_a), format="json", **key)
        retry = api_client.post(SUBMIT_URL, payload(department_a), format="json", **key)

    assert refused.status_code == 400
    assert first.status_code == retry.status_code == 201
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert submissions("api", "consultation") == before + 1


def queued(channel, status=Message.Status.QUEUED):
    n = Message.objects.count()
    return Message.objects.create(
        event="case.registered",
        about=f"cases.case:{n}",
        occurrence=str(n),
        channel=channel,
        recipient_masked="138****5678",
        recipient_hash=f"hash-{n}",
        status=status,
        next_attempt_at=timezone.now(),
    )


def test_the_queue_depth_is_the_messages_waiting_per_channel():
    queued("sms")
    queued("sms")
    queued("sms", status=Message.Status.FAILED)  # to be retried
    queued("wechat")
    queued("sms", status=Message.Status.SENT)
    queued("email", status=Message.Status.GAVE_UP)

    depth = {
        dict(labels)["channel"]: value
        for (name, labels), value in samples(scrape()).items()
        if name == "wzw_notification_queue_depth"
    }

    assert depth == {"sms": 3, "wechat": 1, "email": 0}


def failed_task(task_path, status="FAILED"):
    return DBTaskResult.objects.create(
        task_path=task_path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        status=status,
        exception_class_path="builtins.RuntimeError",
        traceback="",
    )


def test_failed_tasks_are_counted_by_task():
    failed_task("cases.tasks.new_case_alert_send")
    failed_task("cases.tasks.new_case_alert_send")
    failed_task("notifications.tasks.deliver_message")
    failed_task("notifications.tasks.deliver_message", status="SUCCESSFUL")

    failed = {
        dict(labels)["task"]: value
        for (name, labels), value in samples(scrape()).items()
        if name == "wzw_tasks_failed"
    }

    assert failed == {
        "cases.tasks.new_case_alert_send": 2,
        "notifications.tasks.deliver_message": 1,
    }


# What a scrape costs


@pytest.mark.parametrize(
    "collector", [metrics.NotificationQueueCollector, metrics.FailedTasksCollector]
)
def test_each_scrape_time_collector_costs_one_query(
    collector, django_assert_num_queries
):
    queued("sms")
    queued("email")
    failed_task("cases.tasks.a")
    failed_task("cases.tasks.b")

    with django_assert_num_queries(1):
        families = list(collector().collect())

    assert len(families) == 1


def test_a_whole_scrape_costs_two_queries(django_assert_num_queries):
    queued("sms")
    failed_task("cases.tasks.a")

    with django_assert_num_queries(2):
        assert scrape().status_code == 200


# Several gunicorn workers


def test_with_a_multiprocess_directory_the_workers_counters_are_added_up(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    labels = {"channel": "phone", "kind": "complaint"}
    # Two workers' counters, as their processes write them.
    for pid, count in ((4101, 2), (4102, 3)):
        value = values.MultiProcessValue(process_identifier=lambda pid=pid: pid)(
            "counter",
            "wzw_case_submissions",
            "wzw_case_submissions_total",
            list(labels),
            list(labels.values()),
            "",
        )
        value.inc(count)

    registry = metrics.scrape_registry()

    assert registry.get_sample_value("wzw_case_submissions_total", labels) == 5
    # The gauges are read from the database there too.
    depth = registry.get_sample_value(
        "wzw_notification_queue_depth", {"channel": "sms"}
    )
    assert depth == 0


def test_gunicorn_marks_a_dead_worker_only_with_a_multiprocess_directory(
    tmp_path, monkeypatch
):
    from prometheus_client import multiprocess

    dead = []
    monkeypatch.setattr(multiprocess, "mark_process_dead", dead.append)
    conf = runpy.run_path(str(CONF))

    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    conf["child_exit"](None, SimpleNamespace(pid=4101))
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    conf["child_exit"](None, SimpleNamespace(pid=4102))

    assert dead == [4102]


def test_gunicorn_clears_an_earlier_runs_metric_files_at_start(tmp_path, monkeypatch):
    (tmp_path / "counter_4101.db").write_bytes(b"old")
    (tmp_path / "keep.txt").write_text("not prometheus_client's")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    runpy.run_path(str(CONF))["on_starting"](None)

    assert sorted(path.name for path in tmp_path.iterdir()) == ["keep.txt"]
