"""A database that does not answer: readers get a short Arabic 503 page with
Retry-After, not a 500, and load balancers know to come back.

Caught: OperationalError (the server is down or refuses connections, a lock or
statement timeout, SQLite's "database is locked") and InterfaceError (a
connection that is already closed) raised by a view or its template. The page
is rendered without the database (templates/jinja2/503.html extends nothing:
base.html queries the sections). Pages the page cache holds are served from it
before the view runs (newsroom/pagecache.py), also while the database is down.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

# How long a client should wait before it asks again.
RETRY_AFTER_SECONDS = 30
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def outage_response() -> HttpResponse:
    """The 503 page; renders with no query and no request context."""
    content = render_to_string(
        "503.html",
        {"SITE_NAME": settings.SITE_NAME},
    )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The outage must not outlive itself in a browser's or a proxy's cache.
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """Answer 503 with Retry-After when the database fails a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.error(
            "Database unavailable (%s %s): %s",
            request.method,
            request.path,
            exception,
        )
        return outage_response()
