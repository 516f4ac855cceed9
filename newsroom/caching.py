"""Which responses a shared cache may keep: a part of a page made for one reader
marks the request, and the view that renders the page sends it no-store; the
views every reader sees alike are marked `shared_page`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

_PERSONAL = "_newsroom_personal_page"


def mark_personal(request: HttpRequest) -> None:
    """Say that the page being rendered shows something meant for this reader only."""
    setattr(request, _PERSONAL, True)


def is_personal(request: HttpRequest) -> bool:
    return getattr(request, _PERSONAL, False)


def is_staff(request: HttpRequest) -> bool:
    """A signed-in staff member; readers' requests never open the session.

    Reading `request.user` opens the session, and a response whose request did
    is sent `Vary: Cookie`, which no shared cache can share between readers.
    Only a request that carries a session cookie can be staff's.
    """
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_staff


def share(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Let shared caches (ours, a proxy, a CDN) keep a page every reader sees alike.

    Browsers revalidate every time (max-age=0, answered by a 304 when the ETag
    matches), so a reader sees a moderator's decision at once; a proxy may keep
    the page PAGE_CACHE_SECONDS, and serve it stale while it fetches a new one
    or while the site is failing. A page with a part for this reader only is
    kept by no one; a view that set its own Cache-Control keeps it.
    """
    if response.has_header("Cache-Control"):
        return response
    if is_personal(request):
        add_never_cache_headers(response)
    elif response.status_code == 200:
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.PAGE_CACHE_SECONDS,
            stale_while_revalidate=settings.PAGE_STALE_WHILE_REVALIDATE,
            stale_if_error=settings.PAGE_STALE_IF_ERROR,
        )
    return response


def shared_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a reader view whose pages the page cache may serve (newsroom.pagecache)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return share(request, view(request, *args, **kwargs))

    wrapper.shared_page = True
    return wrapper
