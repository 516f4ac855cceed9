from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The site's name, for the header and page titles."""
    return {"SITE_NAME": settings.SITE_NAME}
