"""The article body as HTML on the page."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.richtext import sanitize_body

register = template.Library()


@register.filter
def rich_text(html: str) -> SafeString:
    """The body through the allow-list once more, then trusted as HTML.

    Every save already cleans it; cleaning again on output costs little (nh3)
    and keeps rows written around the model (a raw UPDATE, an old backup, a
    change to the allow-list) from reaching a reader uncleaned.
    """
    return mark_safe(sanitize_body(html))  # noqa: S308 -- sanitised just above
