"""`/healthz`: whether this app server can serve, for a load balancer's probe.

Answered by the outermost middleware but one, before the host is checked and
before the https redirect: a load balancer probes each server by its address
(`Host: 10.0.0.5`), over plain http. That is safe because the answer uses
nothing from the request (no host, no cookie, no session) and says nothing but
"ok" or what is wrong, never why: no address, name or error message of the
database or cache. Never cached, by us or by a proxy.
"""

from __future__ import annotations

import json
import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"
# Once the migrations were seen applied, this process does not look again: a
# deploy that brings new ones restarts the process.
_migrations_applied = False


def check_database() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


def check_cache() -> bool:
    # A value of our own, read back: a cache that accepts writes and loses them
    # (a full disk, a Redis refusing writes) is not healthy either.
    key, value = "healthz:probe", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=30)
        return cache.get(key) == value
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return False


def check_migrations() -> bool:
    global _migrations_applied
    if _migrations_applied:
        return True
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.warning("Health check: migrations could not be read", exc_info=True)
        return False
    _migrations_applied = not plan
    return _migrations_applied


def report() -> dict[str, str]:
    """Each part's state: "ok", or a word saying what is wrong."""
    database = check_database()
    return {
        "database": "ok" if database else "unavailable",
        "cache": "ok" if check_cache() else "unavailable",
        # Read from the database: unknown when it does not answer.
        "migrations": (
            ("ok" if check_migrations() else "unapplied") if database else "unknown"
        ),
    }


def healthz(request: HttpRequest) -> HttpResponse:
    """200 with every part "ok", else 503; JSON, never cached."""
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    parts = report()
    healthy = all(state == "ok" for state in parts.values())
    response = HttpResponse(
        b"" if request.method == "HEAD" else json.dumps(parts).encode(),
        content_type="application/json",
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer `/healthz` before host validation and the https redirect (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH:
            return healthz(request)
        return self.get_response(request)
