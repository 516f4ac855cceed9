"""The shared page cache: every public page, rendered once for all anonymous readers.

A view opts in with `newsroom.caching.shared_page`; the middleware serves its
anonymous GET and HEAD requests from the cache (Redis in production). Entries
carry the *content version* they were rendered at. Any change a reader could
see (an article published, edited, unpublished or deleted, a comment approved,
removed or erased, a person, place or tag edited) drops the version once its
transaction commits, so every page is rendered afresh on its next request:
invalidation is exact, never a wait for a TTL. The version also ends by itself
when the next scheduled article's time comes.

One changed fact renders every page again, once: a newsroom publishes a few
times an hour, and pages it did not touch cost one render each. In exchange
there is no list of which page shows what to keep right.

A miss on a hot page is rendered by one request while the others get the copy
rendered before the change (or wait for the new one when there is none): no
stampede. The previous copy also stands in when rendering fails (the database
is down). A cache that fails means slower pages, never errors.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import set_response_etag

logger = logging.getLogger(__name__)

STATE_KEY = "pages:state"
# Query parameters a page's content depends on; tracking tags are dropped from
# the key (a link shared on Facebook arrives with its own `fbclid`); any other
# parameter (a reader's `?pending=` link) is not served from the cache.
KEPT_PARAMETERS = frozenset({"page"})
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "igshid"})
# How long a request waits for another one rendering the same page.
WAIT_SECONDS = 5.0
WAIT_STEP = 0.02
LOCK_SECONDS = 30
# A replaced copy is kept this long, to stand in while its successor renders or
# when rendering fails.
STALE_SECONDS = 86400


@dataclass(frozen=True)
class Entry:
    version: str
    stored_at: float
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes

    def is_fresh(self, version: str) -> bool:
        return (
            self.version == version
            and now() - self.stored_at < settings.PAGE_CACHE_MAX_AGE
        )

    def response(self, request: HttpRequest, outcome: str) -> HttpResponse:
        # HEAD: the headers of the GET, Content-Length included, and no body.
        body = b"" if request.method == "HEAD" else self.content
        response = HttpResponse(body, status=self.status)
        for name, value in self.headers:
            response.headers[name] = value
        response.headers["X-Cache"] = outcome
        return response


# --- the content version ---------------------------------------------------------


def now() -> float:
    # Django's clock, as `Article.objects.published()` reads it.
    return timezone.now().timestamp()


# Callables answering when content changes by itself next (an article scheduled
# for later goes live): a datetime, or None. The apps register theirs.
SCHEDULES: list[Callable[[], datetime.datetime | None]] = []


def content_version(state: tuple[str, float | None] | None = None) -> str:
    """A token that changes whenever anything a reader sees changes.

    Also for fragments cached inside a page. `state` is the stored one when the
    caller read it already. Raises what the cache raises.
    """
    if state is None:
        state = cache.get(STATE_KEY)
    if state is None or (state[1] is not None and now() >= state[1]):
        state = (uuid.uuid4().hex[:16], _next_change())
        cache.set(STATE_KEY, state, timeout=None)
    return state[0]


def _next_change() -> float | None:
    times = [when for schedule in SCHEDULES if (when := schedule()) is not None]
    return min(times).timestamp() if times else None


def content_changed() -> None:
    """Every cached page is out of date once the current transaction commits."""
    transaction.on_commit(_drop_version, robust=True)


def _drop_version() -> None:
    try:
        cache.delete(STATE_KEY)
    except Exception:
        # The cache is down: it holds nothing to serve, and entries expire.
        logger.exception("Could not drop the page cache's content version")


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        content_changed()


def watch(models: Iterable[type[Model]]) -> None:
    """Drop the content version whenever a row of these models is written.

    `QuerySet.update()` and `bulk_create()` send no signal: the querysets that
    use them for content call `content_changed()` themselves.
    """
    for model in models:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=uid
            )


# --- the middleware ----------------------------------------------------------------


def cache_key(request: HttpRequest) -> str | None:
    """The key of a request the cache may answer, or None."""
    if not settings.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return None
    # A signed-in member of staff: drafts, previews, their own view of a page.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    try:
        match = resolve(request.path_info)
        host = request.get_host()
    except (Resolver404, DisallowedHost):
        return None
    if not getattr(match.func, "shared_page", False):
        return None
    kept = []
    for name, values in request.GET.lists():
        if name in KEPT_PARAMETERS:
            kept.extend((name, value) for value in values)
        elif not (name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS):
            return None
    # GZipMiddleware, below, compresses for the readers who accept it: one
    # copy of each page for them, one for the others.
    encoding = "gzip" if accepts_gzip(request) else "identity"
    address = f"{host}{request.path}?{urlencode(sorted(kept))}#{encoding}"
    return "pages:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def accepts_gzip(request: HttpRequest) -> bool:
    """As GZipMiddleware decides it."""
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def storable(response: HttpResponse) -> bool:
    """Whether the view made this response the same for every reader."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
    }
    if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v}
    if vary - {"accept-encoding"}:
        return False
    # A nonce is for one response only.
    return "nonce-" not in response.get("Content-Security-Policy", "")


class PageCacheMiddleware:
    """Serve shared pages from the cache; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = cache_key(request)
        if key is None:
            return self.get_response(request)
        try:
            # One round trip to the cache for a page served from it.
            found = cache.get_many([STATE_KEY, key])
        except Exception:
            logger.warning("Page cache unavailable; rendering", exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        try:
            version = content_version(found.get(STATE_KEY))
        except Exception:
            # A new version needs the next scheduled change, from the database:
            # when that is down, the copy kept stands in for the failed render.
            logger.warning("Page cache version unavailable; rendering", exc_info=True)
            response = self.get_response(request)
            if response.status_code >= 500 and entry is not None:
                return entry.response(request, "stale")
            return response
        if entry is not None and entry.is_fresh(version):
            return entry.response(request, "hit")
        return self.render(request, key, version, entry)

    def render(
        self, request: HttpRequest, key: str, version: str, stale: Entry | None
    ) -> HttpResponse:
        lock = f"{key}:lock"
        try:
            mine = cache.add(lock, 1, LOCK_SECONDS)
        except Exception:
            mine = True
        if not mine:
            # Someone renders this page now: the previous copy meanwhile, or
            # the new one as soon as it is there.
            if stale is not None:
                return stale.response(request, "stale")
            entry = self.wait(key, version)
            if entry is not None:
                return entry.response(request, "hit")
        try:
            response = self.get_response(request)
            if response.status_code >= 500 and stale is not None:
                return stale.response(request, "stale")
            if storable(response):
                self.store(key, version, response)
            response.headers["X-Cache"] = "miss"
            return response
        finally:
            if mine:
                with contextlib.suppress(Exception):
                    cache.delete(lock)

    @staticmethod
    def wait(key: str, version: str) -> Entry | None:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            try:
                entry = cache.get(key)
            except Exception:
                return None
            if entry is not None and entry.is_fresh(version):
                return entry
        return None

    @staticmethod
    def store(key: str, version: str, response: HttpResponse) -> None:
        # The validator is computed once; ConditionalGetMiddleware answers 304s.
        if not response.has_header("ETag"):
            set_response_etag(response)
        entry = Entry(
            version=version,
            stored_at=now(),
            status=response.status_code,
            headers=tuple(
                (name, value)
                for name, value in response.headers.items()
                if name.lower() != "x-cache"
            ),
            content=response.content,
        )
        try:
            cache.set(key, entry, settings.PAGE_CACHE_MAX_AGE + STALE_SECONDS)
        except Exception:
            logger.warning("Could not store a page in the cache", exc_info=True)
