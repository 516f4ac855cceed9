"""Response headers Django has no setting for: `Permissions-Policy`.

A news site needs none of the browser's powerful features; turning them off
means that a script injected into a page, or a page framed by mistake, cannot
ask the reader for their camera, microphone or position either.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Allow-list members written bare; an origin is a quoted string in the header.
KEYWORDS = {"self", "src", "*"}


def permissions_policy(features: dict[str, list[str]]) -> str:
    """The header's value: `camera=(), autoplay=(self "https://a.example")` from
    {feature: origins}."""
    return ", ".join(
        "{}=({})".format(
            feature,
            " ".join(
                origin if origin in KEYWORDS else f'"{origin}"' for origin in origins
            ),
        )
        for feature, origins in features.items()
    )


class PermissionsPolicyMiddleware:
    """Send PERMISSIONS_POLICY on every response: reader pages, admin, errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
