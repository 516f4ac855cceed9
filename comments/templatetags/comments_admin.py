"""The moderation figures the admin's index page shows."""

from __future__ import annotations

from django import template

from comments.admin import status_counts

register = template.Library()


@register.simple_tag
def comment_status_counts() -> list[dict]:
    """How many comments are in each status, with a link to each list."""
    return status_counts()
