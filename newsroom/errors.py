"""The site's error pages, in Arabic: Django's handlers, the CSRF failure view,
and the pages Django sends with no body (a 405 from `require_POST`).

Each page is the Jinja2 template named for its status (templates/jinja2/). The
400 and 500 pages are rendered without the request's context processors: they
must show even when the database or the session is what failed. The others
take the plain error layout too (error.html, no query), except the 404 page,
which has the site's menu to lead a reader on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template import loader
from django.utils.cache import add_never_cache_headers


def render_error(
    request: HttpRequest | None,
    status: int,
    template_name: str | None = None,
    context: dict | None = None,
    *,
    personal: bool = True,
) -> HttpResponse:
    """The error page for `status`; with `request=None`, no context processor runs."""
    template = loader.get_template(template_name or f"{status}.html")
    context = {"SITE_NAME": settings.SITE_NAME, "status": status, **(context or {})}
    response = HttpResponse(template.render(context, request), status=status)
    if personal:
        # This request's error, not a page for a shared cache to keep.
        add_never_cache_headers(response)
    return response


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 403 page, with `message` saying why when there is one to say."""
    return render_error(request, 403, context={"message": message})


def too_many_requests(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 429 page, with `message` saying what to wait for."""
    return render_error(request, 429, context={"message": message})


# --- Django's handlers (newsroom/urls.py) -----------------------------------------


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE: Django calls it a 400.
        return render_error(None, 413)
    return render_error(None, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The exception's text is for the logs: it can name what the reader may not see.
    return forbidden(request)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # A missing page is the same for every reader: a shared cache may keep it.
    return render_error(request, 404, personal=False)


def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(None, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without its token, or with an old one."""
    return render_error(request, 403, "403_csrf.html")


# --- pages Django leaves empty -------------------------------------------------------


class ErrorPageMiddleware:
    """Give an empty 405 (`require_POST`, `require_GET`) the Arabic page, Allow kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponseNotAllowed)
            and not response.streaming
            and not response.content
        ):
            page = render_error(request, 405)
            page["Allow"] = response["Allow"]
            return page
        return response
