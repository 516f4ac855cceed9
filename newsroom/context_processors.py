"""What every page's template gets: the site's name, description, sections and
breaking news."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from articles import breaking
from articles.models import Section
from newsroom.fragments import kept


def site(request: HttpRequest) -> dict[str, Any]:
    """The site's name and the sections of its menu, for every page."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        # What a page says of itself when it has nothing more precise.
        "site_description": _(
            "News of the region: its councils, its parties and the people who run them."
        ),
        # Lazy: the query runs only on pages whose template shows the menu (not
        # the admin), and once per content version (a new section appears at once).
        "nav_sections": SimpleLazyObject(
            lambda: kept(
                request, "sections", lambda: list(Section.objects.only("name", "slug"))
            )
        ),
        # The breaking bar (articles/breaking.py): lazy and kept, like the menu.
        "breaking_news": SimpleLazyObject(lambda: breaking.current(request)),
    }
