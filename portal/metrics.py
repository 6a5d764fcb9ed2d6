"""The portal's Prometheus metrics and `/metrics` (docs/observability.md).

django-prometheus's two middlewares count every request, its status and its
latency by view (`django_http_*`). The portal adds its own, `wzw_*`:

- `wzw_case_submissions_total{channel, kind}`, a counter: one for each case a
  `case_submit` commits, told by `cases.submission_listeners` (cases may not
  import the site). A retry answered with the earlier case is not counted again.
- `wzw_notification_queue_depth{channel}`, a gauge: outbox messages waiting to
  be sent, queued or to be retried (`notifications.selectors`).
- `wzw_tasks_failed{task}`, a gauge: failed rows of django-tasks-db's result
  table. A gauge, not a `_total` counter: `prune_db_task_results` deletes old
  rows, so the number falls, which a counter must never do.

The two gauges are read from the database when Prometheus scrapes, one query
each, so every worker answers the same and nothing counts them in between.

With several gunicorn workers, PROMETHEUS_MULTIPROC_DIR makes prometheus_client
keep each worker's counters in files there, which /metrics adds up
(portal/gunicorn_conf.py clears them at start and marks dead workers).

/metrics answers only the addresses of METRICS_ALLOWED_IPS, by the portal's
rule for the client address (`portal.proxies.client_address`): behind a trusted
proxy the forwarded client, never the proxy; from anyone else the peer itself,
whatever headers it sends. Others get the 404 of a page that does not exist.
"""

import os

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from cases.models import Case
from notifications import selectors as notification_selectors
from portal import proxies

CASE_SUBMISSIONS = Counter(
    "wzw_case_submissions",
    "Cases registered (committed), by channel and kind.",
    ["channel", "kind"],
)
# Every series from zero, so that rate() sees the first submission of each.
for _channel in Case.Channel.values:
    for _kind in Case.Kind.values:
        CASE_SUBMISSIONS.labels(channel=_channel, kind=_kind)


def case_submitted(case: Case) -> None:
    """A `cases.submission_listeners` listener: count the committed case."""
    CASE_SUBMISSIONS.labels(channel=case.channel, kind=case.kind).inc()


def connect() -> None:
    """Count submissions from now on (PortalConfig.ready)."""
    from cases.submission_listeners import submission_listener_add

    submission_listener_add(case_submitted)


class NotificationQueueCollector(Collector):
    """`wzw_notification_queue_depth`: one query, at scrape time."""

    def collect(self):
        family = GaugeMetricFamily(
            "wzw_notification_queue_depth",
            "Outbox messages waiting to be sent (queued or to be retried).",
            labels=["channel"],
        )
        counts = notification_selectors.pending_message_counts()
        for channel, waiting in sorted(counts.items()):
            family.add_metric([channel], waiting)
        yield family


class FailedTasksCollector(Collector):
    """`wzw_tasks_failed`: one query, at scrape time."""

    def collect(self):
        family = GaugeMetricFamily(
            "wzw_tasks_failed",
            "Failed rows in the tasks worker's result table, by task.",
            labels=["task"],
        )
        rows = (
            DBTaskResult.objects.failed()
            .values_list("task_path")
            .annotate(failed=Count("id"))
            .order_by("task_path")
        )
        for task_path, failed in rows:
            family.add_metric([task_path], failed)
        yield family


class _ThisProcess(Collector):
    """prometheus_client's default registry, for a single process: this worker's
    request metrics and counters, and its process figures."""

    def collect(self):
        yield from REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    """What one scrape reads: the counters (every worker's, added up from
    PROMETHEUS_MULTIPROC_DIR when set, else this process's), then the gauges read
    from the database."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(NotificationQueueCollector())
    registry.register(FailedTasksCollector())
    return registry


# Changes nothing; exempt so that a POST from elsewhere gets this view's 404, not
# the CSRF check's 403 that would tell the page exists.
@csrf_exempt
def metrics_view(request):
    """GET /metrics in Prometheus's text format, to METRICS_ALLOWED_IPS only."""
    client = proxies.client_address(request)
    # The address first: to anyone else the page does not exist, whatever the method.
    if not proxies.address_in(client, settings.METRICS_ALLOWED_IPS):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return HttpResponse(
        generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST
    )
