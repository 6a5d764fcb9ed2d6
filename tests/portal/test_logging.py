"""Log lines: the request id on each (django-log-request-id), LOG_FORMAT=json, and gunicorn's
access log with the client's address (docs/observability.md)."""

import io
import json
import logging
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils.module_loading import import_string

from tests.portal.test_access_log import access_line

BASE_DIR = Path(__file__).resolve().parents[2]
CONF = BASE_DIR / "portal" / "gunicorn_conf.py"
HEX_ID = re.compile(r"^[0-9a-f]{32}$")

pytestmark = pytest.mark.django_db


def _built(spec):
    spec = dict(spec)
    if "()" in spec:
        return import_string(spec.pop("()"))(**spec)
    return logging.Formatter(spec["format"])


@pytest.fixture
def log_lines():
    """What the console handler of LOGGING would print, in a given format."""
    handlers = []

    def capture(formatter: str, logger: str = ""):
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(_built(settings.LOGGING["formatters"][formatter]))
        handler.addFilter(_built(settings.LOGGING["filters"]["request_id"]))
        logging.getLogger(logger).addHandler(handler)
        handlers.append((logger, handler))
        return lambda: stream.getvalue().splitlines()

    yield capture
    for logger, handler in handlers:
        logging.getLogger(logger).removeHandler(handler)


def test_json_lines_parse_and_carry_the_request_id_nginx_sent(log_lines):
    lines = log_lines("json", "django.request")
    request_id = uuid.uuid4().hex

    response = Client().get(
        "/api/v1/nowhere/?q=13812345678", headers={"X-Request-ID": request_id}
    )

    assert response.status_code == 404
    assert response["X-Request-ID"] == request_id
    [line] = lines()
    record = json.loads(line)
    assert record["request_id"] == request_id
    assert record["level"] == "WARNING"
    assert record["logger"] == "django.request"
    assert record["message"] == "Not Found: /api/v1/nowhere/"
    assert record["time"].endswith("+00:00")


def test_a_json_line_holds_only_its_named_fields_never_the_query_string(log_lines):
    lines = log_lines("json", "django.request")

    Client().get("/api/v1/nowhere/?q=13812345678&name=王小明")

    [line] = lines()
    # Django's request logger passes the whole request, whose text has the query.
    assert set(json.loads(line)) == {"time", "level", "logger", "request_id", "message"}
    assert "13812345678" not in line
    assert "王小明" not in line


def test_a_request_without_an_id_gets_one_returned_and_logged(log_lines):
    lines = log_lines("plain", "django.request")

    response = Client().get("/api/v1/nowhere/")

    assert HEX_ID.match(response["X-Request-ID"])
    [line] = lines()
    assert f"WARNING django.request [{response['X-Request-ID']}] Not Found" in line


def test_an_id_that_is_no_uuid_is_replaced_and_never_written(log_lines):
    lines = log_lines("plain")

    response = Client().get("/api/v1/nowhere/", headers={"X-Request-ID": "13812345678"})

    assert HEX_ID.match(response["X-Request-ID"])
    assert lines()
    assert not any("13812345678" in line for line in lines())


def test_a_record_outside_any_request_carries_an_empty_request_id(log_lines):
    lines = log_lines("json", "portal.test")

    logging.getLogger("portal.test").warning("a periodic job ran")

    assert json.loads(lines()[0])["request_id"] is None


def test_a_json_line_keeps_the_traceback(log_lines):
    lines = log_lines("json", "portal.test")

    try:
        raise RuntimeError("短信服务商无应答")
    except RuntimeError:
        logging.getLogger("portal.test").exception("delivery failed")

    record = json.loads(lines()[0])
    assert record["message"] == "delivery failed"
    assert "RuntimeError: 短信服务商无应答" in record["exc_info"]


def run_settings(code: str, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={
            **os.environ,
            "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_log_format_json_switches_the_console_to_json_lines():
    done = run_settings(
        "import django, logging; django.setup(); "
        "logging.getLogger('portal').warning('启动完成')",
        LOG_FORMAT="json",
    )

    assert done.returncode == 0, done.stderr
    record = json.loads(done.stderr.strip().splitlines()[-1])
    assert record["message"] == "启动完成"
    assert record["logger"] == "portal"
    assert record["request_id"] is None


def test_an_unknown_log_format_stops_the_start():
    done = run_settings("from portal import settings", LOG_FORMAT="xml")

    assert done.returncode != 0
    assert "LOG_FORMAT is plain or json" in done.stderr


# gunicorn's access log: the client, when a trusted proxy names it


def test_the_access_log_names_the_client_a_trusted_proxy_forwarded():
    line = access_line(
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    )

    assert line.startswith("198.51.100.7 ")
    assert '"GET /admin/cases/case/ HTTP/1.1" 200 512 7ms' in line


def test_the_access_log_takes_x_real_ip_from_a_trusted_proxy():
    line = access_line({"REMOTE_ADDR": "::1", "HTTP_X_REAL_IP": "198.51.100.8"})

    assert line.startswith("198.51.100.8 ")


def test_the_access_log_ignores_forwarded_headers_from_an_untrusted_peer():
    line = access_line(
        {
            "REMOTE_ADDR": "203.0.113.5",
            "HTTP_X_FORWARDED_FOR": "198.51.100.7",
            "HTTP_X_REAL_IP": "198.51.100.7",
        }
    )

    assert line.startswith("203.0.113.5 ")


def test_the_access_log_follows_gunicorns_list_of_proxies(monkeypatch):
    monkeypatch.setenv("NUM_PROXIES", "2")
    forwarded = {
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7, 10.9.9.9",
    }

    assert access_line(forwarded, trusted="10.1.0.0/16").startswith("198.51.100.7 ")
    assert access_line(forwarded, trusted="127.0.0.1").startswith("10.1.2.3 ")
