"""gunicorn settings, used by `make run` and meant for production:

gunicorn -c portal/gunicorn_conf.py portal.wsgi --bind 0.0.0.0:8000
"""

import os
from pathlib import Path

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request still running after this many seconds is ended (its worker restarted);
# on a stop or a reload, workers get this long to finish what they are doing.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Longer than nginx's upstream keepalive_timeout (1 s, deploy/nginx/): nginx closes
# an idle connection first, so it never sends a request down one gunicorn is closing.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "2"))
accesslog = "-"
# The path only, never the query string or the referrer: staff search cases by phone
# number and name (?q=…), and those must not reach a log. Client address, time,
# method, path, status, bytes, time in ms, user agent.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Only the reverse proxies may say which scheme the client used: the same list the
# portal trusts for X-Forwarded-For (TRUSTED_PROXIES, portal/proxies.py).
forwarded_allow_ips = os.environ.get(
    "FORWARDED_ALLOW_IPS", os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
)
# %(h)s is the client, from X-Forwarded-For or X-Real-IP when one of those
# proxies sent them, else the peer (portal/access_log.py).
logger_class = "portal.access_log.ClientAddressLogger"


# Metrics of several workers (docs/observability.md): with PROMETHEUS_MULTIPROC_DIR
# set, each worker writes its counters to files there and /metrics adds them up.
# An earlier run's files are removed at start; a dead worker is told to
# prometheus_client, whose counts still add up (a counter never goes back).
def on_starting(server):
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        for stale in Path(directory).glob("*.db"):
            stale.unlink(missing_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
