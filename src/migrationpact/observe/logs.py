"""Structured logs: one JSON object a line, each with the request it belongs to.

A log shipper reads the server's standard error line by line; each line is one object with the
moment (``ts``, UTC), ``level``, ``logger``, ``message``, the process (``pid``: with several
server processes, which one wrote it) and, while a request is being answered, its
``request_id`` (the ``X-Request-ID`` the client sent, when it is a safe one, or the one the
service made and sent back; ``services.limits.Edge`` sets ``REQUEST_ID``). A message may add
fields of its own with ``extra={"fields": {...}}`` (the request line of ``observe.http`` does).

uvicorn's own access log is switched off: it writes the raw path, and a path may hold a case id.
The service writes its own request line instead, with the route template (``observe.http``).
``MIGRATIONPACT_LOG_FORMAT=text`` gives uvicorn's plain lines for a developer's terminal.

>>> import logging
>>> record = logging.LogRecord("migrationpact.x", logging.INFO, "", 0, "ran %d", (3,), None)
>>> record.created = 0.0
>>> token = REQUEST_ID.set("abc")
>>> line = json.loads(JsonFormatter().format(record))
>>> REQUEST_ID.reset(token)
>>> line["ts"], line["level"], line["message"], line["request_id"]
('1970-01-01T00:00:00.000Z', 'info', 'ran 3', 'abc')
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

#: The id of the request being answered in this context (None outside a request).
REQUEST_ID: ContextVar[str | None] = ContextVar("migrationpact_request_id", default=None)

FORMATS = ("json", "text")


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON (see the module docstring for its fields)."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        line: dict[str, Any] = {
            "ts": moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        request_id = getattr(record, "request_id", None) or REQUEST_ID.get()
        if request_id is not None:
            line["request_id"] = request_id
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update({k: v for k, v in fields.items() if k not in line})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def log_config(base: dict[str, Any], form: str = "json") -> dict[str, Any]:
    """uvicorn's logging configuration ``base`` (a copy is changed) for the service: the
    service's own loggers beside uvicorn's, and uvicorn's access log off; ``json`` writes every
    line as one object, ``text`` keeps uvicorn's formatters.

    >>> from uvicorn.config import LOGGING_CONFIG
    >>> config = log_config(LOGGING_CONFIG)
    >>> config["formatters"]["default"]["()"], config["loggers"]["uvicorn.access"]["handlers"]
    ('migrationpact.observe.logs.JsonFormatter', [])
    """
    if form not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {form!r}")
    config: dict[str, Any] = json.loads(json.dumps(base))  # a deep copy of plain data
    config["loggers"]["migrationpact"] = {
        "handlers": ["default"],
        "level": "INFO",
        "propagate": False,
    }
    config["loggers"]["uvicorn.access"] = {"handlers": [], "level": "WARNING", "propagate": False}
    if form == "json":
        for name in config["formatters"]:
            config["formatters"][name] = {"()": f"{__name__}.JsonFormatter"}
    return config
