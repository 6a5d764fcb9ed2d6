"""gunicorn's access log (portal/gunicorn_conf.py) records paths, never the query
strings or referrers where staff searches put phone numbers and names."""

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.util import load_class

CONF = Path(__file__).resolve().parents[2] / "portal" / "gunicorn_conf.py"


def access_line(environ, *, trusted="127.0.0.1,::1", sent=512, ms=7):
    """The one access-log line gunicorn writes, with portal/gunicorn_conf.py's
    format and logger, for a staff search (`?q=` a phone number) plus `environ`."""
    values = runpy.run_path(str(CONF))
    config = Config()
    for name in ("access_log_format", "accesslog", "logger_class"):
        config.set(name, values[name])
    config.set("forwarded_allow_ips", trusted)
    logger = load_class(config.logger_class)(config)
    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    logger.access_log.addHandler(handler)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/admin/cases/case/?q=13812345678",
        "PATH_INFO": "/admin/cases/case/",
        "QUERY_STRING": "q=13812345678",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_USER_AGENT": "Mozilla/5.0",
        **environ,
    }
    response = SimpleNamespace(status="200 OK", sent=sent, headers=[])
    logger.access(response, [], environ, timedelta(milliseconds=ms))
    [line] = lines
    assert "13812345678" not in line
    return line


def test_the_access_log_keeps_no_search_terms():
    line = access_line(
        {
            "REMOTE_ADDR": "10.0.0.8",
            "HTTP_REFERER": "https://gov.example.cn/admin/cases/case/?q=王小明",
        },
        sent=5120,
        ms=42,
    )

    assert '"GET /admin/cases/case/ HTTP/1.1" 200 5120 42ms' in line
    assert "13812345678" not in line
    assert "王小明" not in line
    assert runpy.run_path(str(CONF))["worker_class"] == "gthread"
