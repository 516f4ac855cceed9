"""Logs as one JSON object a line (`LOG_FORMAT=json`), for a log collector.

Every record becomes one line; each request Django serves becomes one record
of `newsroom.requests`: method, path, status, duration and the page cache's
answer. Deliberately absent: the reader's address, the query string (a
pending-comment link, search words), cookies and headers. gunicorn's own access
log is off then (gunicorn.conf.py): one line per request, not two.
"""

from __future__ import annotations

import datetime
import json
import logging
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse

request_logger = logging.getLogger("newsroom.requests")

# What a LogRecord holds of its own; anything else was passed in `extra`.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


class JsonFormatter(logging.Formatter):
    """A record as one JSON line: time, level, logger, message, and its extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name not in _RECORD_ATTRIBUTES and not name.startswith("_"):
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """One record per request (see the module's docstring), with LOG_FORMAT=json."""

    def __init__(self, get_response):
        if settings.LOG_FORMAT != "json":
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        request_logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "cache": response.get("X-Cache", ""),
            },
        )
        return response
