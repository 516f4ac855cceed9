"""The live page's poll: what changed, asked every 30 seconds by each reader."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .display import poll_answer


@require_safe
def poll(request: HttpRequest, pk: int) -> HttpResponse:
    """The coverage's state as JSON, the same bytes for every reader.

    Built once per content change (live/display.py) and served by the page
    cache; a reader whose copy is current gets a 304 (its ETag, checked by
    ConditionalGetMiddleware), so a thousand readers polling cost a cache
    read each. A shared cache may keep it LIVE_POLL_SECONDS: a new update
    reaches readers within a poll or two.
    """
    answer = poll_answer(request, pk)
    if answer is None:
        raise Http404
    body, etag = answer
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.LIVE_POLL_SECONDS // 3,
        stale_while_revalidate=settings.LIVE_POLL_SECONDS,
        stale_if_error=settings.PAGE_STALE_IF_ERROR,
    )
    return response
