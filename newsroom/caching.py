"""Which responses a shared cache may keep: a part of a page made for one reader
marks the request, and the view that renders the page sends it no-store."""

from __future__ import annotations

from django.http import HttpRequest

_PERSONAL = "_newsroom_personal_page"


def mark_personal(request: HttpRequest) -> None:
    """Say that the page being rendered shows something meant for this reader only."""
    setattr(request, _PERSONAL, True)


def is_personal(request: HttpRequest) -> bool:
    return getattr(request, _PERSONAL, False)
