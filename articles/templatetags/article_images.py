"""Template helpers for pictures: absolute addresses and the body's images."""

from __future__ import annotations

from django import template
from django.template.context import Context

from articles.images import BODY_SIZES, responsive_body_images

register = template.Library()


@register.filter(is_safe=True)
def responsive_images(body: str, sizes: str = BODY_SIZES) -> str:
    """Give each body <img> showing one of our images its srcset and dimensions.

    Use on HTML already marked safe: `{{ article.body|safe|responsive_images }}`.
    """
    return responsive_body_images(str(body), sizes)


@register.simple_tag(takes_context=True)
def absolute_uri(context: Context, url: str) -> str:
    """`url` with this site's scheme and host (for og:image); as is if absolute."""
    request = context.get("request")
    if request is None or not url:
        return url
    return request.build_absolute_uri(url)
