"""The article body as HTML on the page."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from articles.rendering import render_body

register = template.Library()


@register.filter
def rich_text(html: str) -> SafeString:
    """The body cleaned again, each of our images with its srcset and size."""
    return render_body(html)
