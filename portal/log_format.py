"""LOG_FORMAT=json: one JSON object a line, of the named fields only.

python-json-logger writes every attribute a record carries besides the format's
fields. Django's request logger hands it the whole request (`extra={"request":
...}`), whose text is `<WSGIRequest: GET '/admin/cases/case/?q=13812345678'>`:
the query string, where staff searches put phone numbers and names, which no log
may hold (docs/security/privacy.md). So this formatter writes the time, the
format's fields (level, logger, request id, message) and a traceback, nothing else.
"""

from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._fields = self.parse()

    def add_fields(self, log_data, record, message_dict):
        if self.timestamp:
            key = self.timestamp if isinstance(self.timestamp, str) else "timestamp"
            log_data[key] = datetime.fromtimestamp(record.created, tz=UTC)
        for field in self._fields:
            log_data[self.rename_fields.get(field, field)] = record.__dict__.get(field)
        for field in ("exc_info", "stack_info"):
            if message_dict.get(field):
                log_data[field] = message_dict[field]
