"""What every page's template gets: the site's name and its sections."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from articles.models import Section


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name and the sections of its menu, for every page."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Lazy: the query runs once, and only on pages whose template shows the
        # menu (not the admin). Not cached, so a new section appears at once.
        "nav_sections": Section.objects.only("name", "slug"),
    }
