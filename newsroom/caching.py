"""Which responses a shared cache may keep: a part of a page made for one reader
marks the request, and the view that renders the page sends it no-store."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

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
