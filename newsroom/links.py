"""Addresses of pages, reversed once per process rather than once per link.

A page prints dozens of links and a sitemap thousands; `reverse()` costs tens of
microseconds each. Its answer depends only on the arguments, the URLconf and
the script prefix, so it is kept by those: an address with a new slug is a new
key, never a stale answer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Enough for every article, person and place of a large site's sitemap.
CACHED_ADDRESSES = 50_000


def cached_reverse(viewname: str, *args: object) -> str:
    """`reverse(viewname, args=args)`, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, urlconf, get_script_prefix())


def reverser(viewname: str) -> Callable[..., str]:
    """`cached_reverse` for many addresses of one view, as in a sitemap."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    prefix = get_script_prefix()
    return lambda *args: _reverse(viewname, args, urlconf, prefix)


@lru_cache(maxsize=CACHED_ADDRESSES)
def _reverse(viewname: str, args: tuple, urlconf: str, prefix: str) -> str:
    # `prefix` is in the key only: reverse() reads the same value itself.
    return reverse(viewname, args=args, urlconf=urlconf)
