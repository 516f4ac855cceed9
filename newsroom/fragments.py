"""Parts of pages kept in the cache until the content changes.

What several pages (or several renders of one page) show alike and costs a
query to find: the sections menu, the "most read" lists, an article's related
articles. Each is kept under the content version of newsroom.pagecache, which
changes whenever anything a reader sees changes, and for PAGE_CACHE_MAX_AGE at
most, like a page (view counts change without a version). Nothing kept here
differs from one reader to another. They make a page rendered afresh (the page
cache off, or a page just dropped from it) cheaper; FRAGMENT_CACHE=false
turns them off (the tests do, to count what a render costs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .pagecache import content_version

logger = logging.getLogger(__name__)
_VERSION = "_newsroom_content_version"


def kept[T](request: HttpRequest, name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it gave earlier in this content version."""
    if not settings.FRAGMENT_CACHE:
        return build()
    try:
        # Asked once per request, however many parts the page keeps.
        if not hasattr(request, _VERSION):
            setattr(request, _VERSION, content_version())
        key = f"fragments:{getattr(request, _VERSION)}:{name}"
        value = cache.get(key)
    except Exception:
        logger.warning("Fragment cache unavailable; building", exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, settings.PAGE_CACHE_MAX_AGE)
        except Exception:
            logger.warning("Could not keep a fragment", exc_info=True)
    return value
