"""gunicorn's access log (portal/gunicorn_conf.py) records paths, never the query
strings or referrers where staff searches put phone numbers and names."""

import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

CONF = Path(__file__).resolve().parents[2] / "portal" / "gunicorn_conf.py"


def test_the_access_log_keeps_no_search_terms():
    values = runpy.run_path(str(CONF))
    config = Config()
    config.set("access_log_format", values["access_log_format"])
    config.set("accesslog", values["accesslog"])
    logger = Logger(config)
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
        "REMOTE_ADDR": "10.0.0.8",
        "HTTP_REFERER": "https://gov.example.cn/admin/cases/case/?q=王小明",
        "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[])

    logger.access(response, [], environ, timedelta(milliseconds=42))

    assert len(lines) == 1
    assert '"GET /admin/cases/case/ HTTP/1.1" 200 5120 42ms' in lines[0]
    assert "13812345678" not in lines[0]
    assert "王小明" not in lines[0]
    assert values["worker_class"] == "gthread"
