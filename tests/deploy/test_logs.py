"""LOG_FORMAT=json: one JSON line per request, without the reader's address or
the query string."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings

from newsroom.logs import JsonFormatter, RequestLogMiddleware


@pytest.fixture
def request_lines():
    """The JSON lines the request logger writes while the test runs."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("newsroom.requests")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(previous)


@pytest.mark.django_db
@override_settings(LOG_FORMAT="json")
def test_each_request_is_one_json_line_without_address_or_query(request_lines):
    client = Client(REMOTE_ADDR="203.0.113.44")

    client.get("/search/?q=reader%40example.com", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert len(request_lines) == 1
    line = request_lines[0]
    record = json.loads(line)
    assert record["logger"] == "newsroom.requests"
    assert record["method"] == "GET"
    assert record["path"] == "/search/"
    assert record["status"] == 200
    assert isinstance(record["duration_ms"], float)
    for private in ("203.0.113.44", "198.51.100.2", "reader", "q="):
        assert private not in line


@pytest.mark.django_db
def test_no_request_lines_without_the_setting(request_lines, settings):
    assert settings.LOG_FORMAT == "text"

    Client().get("/robots.txt")

    assert request_lines == []


def test_the_middleware_is_left_out_unless_asked_for(settings):
    from django.core.exceptions import MiddlewareNotUsed

    settings.LOG_FORMAT = "text"
    with pytest.raises(MiddlewareNotUsed):
        RequestLogMiddleware(lambda request: None)


def test_any_record_is_one_json_line_with_its_extras_and_exception():
    try:
        raise ValueError("broken")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x",
            logging.ERROR,
            __file__,
            1,
            "failed %s",
            ("twice",),
            __import__("sys").exc_info(),
            extra={"task": "flush"},
        )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed twice"
    assert parsed["level"] == "ERROR"
    assert parsed["task"] == "flush"
    assert "ValueError: broken" in parsed["exception"]
