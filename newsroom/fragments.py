"""Parts of pages kept in the cache until the content changes.

What several pages (or several renders of one page) show alike and costs a
query to find: the sections menu, the "most read" lists, an article's related
articles. Each is kept under the content version of newsroom.pagecache, which
changes whenever anything a reader sees changes, and for PAGE_CACHE_MAX_AGE at
most, like a page (view counts change without a version). Nothing kept here
differs from one reader to another. They make a page rendered afresh (the page
cache off, or a page just dropped from it) cheaper; FRAGMENT_CACHE=false
turns them off (the tests do, to count what a render costs).

Each process also keeps the parts it used last, for a minute at most: the
version is still asked of the shared cache on every request, so a change shows
at once, and a part in hand saves a round trip to Redis and its decoding. They
are kept pickled, so that no request sees what another one changed on them.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .pagecache import content_version

logger = logging.getLogger(__name__)
_VERSION = "_newsroom_content_version"
# This process's own copies: (expires, pickled value) by key, the oldest first.
_LOCAL: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
LOCAL_ENTRIES = 256
LOCAL_SECONDS = 60


def _local_get(key: str) -> bytes | None:
    entry = _LOCAL.get(key)
    if entry is None:
        return None
    if entry[0] < time.monotonic():
        del _LOCAL[key]
        return None
    _LOCAL.move_to_end(key)
    return entry[1]


def _local_set(key: str, value: object) -> None:
    _LOCAL[key] = (
        time.monotonic() + LOCAL_SECONDS,
        pickle.dumps(value, pickle.HIGHEST_PROTOCOL),
    )
    _LOCAL.move_to_end(key)
    while len(_LOCAL) > LOCAL_ENTRIES:
        _LOCAL.popitem(last=False)


def kept[T](request: HttpRequest | None, name: str, build: Callable[[], T]) -> T:
    """`build()`, or what it gave earlier in this content version.

    The version is asked of the cache once per request; without a request (a
    sitemap's rows), once per call.
    """
    if not settings.FRAGMENT_CACHE:
        return build()
    try:
        # Asked once per request, however many parts the page keeps.
        if request is None:
            version = content_version()
        elif (version := getattr(request, _VERSION, None)) is None:
            version = content_version()
            setattr(request, _VERSION, version)
        if len(name) > 100 or not name.isascii():
            # A slug or a reader's words: a key of sane length and characters.
            name = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
        key = f"fragments:{version}:{name}"
        if (local := _local_get(key)) is not None:
            return pickle.loads(local)
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
    _local_set(key, value)
    return value
