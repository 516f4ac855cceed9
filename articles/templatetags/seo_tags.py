"""JSON-LD in the page: the builders of articles.structured_data, rendered safely.

The data holds text from editors and readers' names; inside <script> the only
danger is a sequence that ends the element ("</script>") or opens a comment
("<!--"), so <, > and & are written as JSON escapes: the JSON parses to the
same text and the HTML parser never sees markup. A data block is never run, so
it needs no CSP nonce: the page stays the same bytes for every reader.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles import structured_data
from articles.models import Event

register = template.Library()

SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dumps(data: Any) -> str:
    """JSON that can sit inside a <script> element: Arabic kept, markup escaped."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return text.translate(SCRIPT_ESCAPES)


@register.simple_tag(takes_context=True)
def json_ld(context: Context, *items: dict | None) -> SafeString:
    """One <script type="application/ld+json"> per non-empty item."""
    return mark_safe(  # noqa: S308 -- each script is built by format_html below
        "\n".join(
            format_html(
                '<script type="application/ld+json">{}</script>',
                mark_safe(dumps(item)),  # noqa: S308 -- escaped by dumps()
            )
            for item in items
            if item
        )
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context: Context) -> SafeString:
    """The home page: the site and its publisher."""
    request = context.get("request")
    return json_ld(context, structured_data.website_json_ld(request))


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context: Context, *crumbs: Any) -> SafeString:
    """Home › each of `crumbs` (sections, tags, officials, articles)."""
    request = context.get("request")
    return json_ld(
        context, structured_data.breadcrumb_json_ld(*crumbs, request=request)
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context: Context) -> SafeString:
    """The article page's NewsArticle and breadcrumbs, from the view's context."""
    article = context["article"]
    request = context.get("request")
    return json_ld(
        context,
        structured_data.news_article_json_ld(
            article,
            tags=context.get("tags", ()),
            attendees=context.get("attendees", ()),
            request=request,
        ),
        structured_data.breadcrumb_json_ld(article.section, article, request=request),
    )


@register.simple_tag(takes_context=True)
def official_json_ld(context: Context) -> SafeString:
    """The official's Person and breadcrumbs, from the view's context."""
    official = context["official"]
    request = context.get("request")
    return json_ld(
        context,
        structured_data.person_json_ld(
            official,
            positions=context.get("positions", ()),
            spellings=official.spellings.all(),
            request=request,
        ),
        structured_data.breadcrumb_json_ld(official, request=request),
    )


@register.simple_tag(takes_context=True)
def event_json_ld(
    context: Context, event: Event, articles: Any = (), attendees: Any = ()
) -> SafeString:
    """An event page's Event: `{% event_json_ld event articles attendees %}`."""
    return json_ld(
        context,
        structured_data.event_json_ld(
            event,
            articles or (),
            attendees=attendees or (),
            request=context.get("request"),
        ),
    )
