"""Schema.org for a live page: a LiveBlogPosting with its updates as
BlogPostings, from what the page already fetched (no query of its own)."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest

from articles.models import Article
from articles.richtext import plain_text
from articles.structured_data import (
    CONTEXT,
    JSON,
    absolute,
    article_description,
    image_urls,
    publisher,
)
from newsroom.dates import iso_datetime

from .models import LiveCoverage, LiveUpdate


def live_blog_json_ld(
    article: Article,
    coverage: LiveCoverage,
    updates: Sequence[LiveUpdate],
    *,
    request: HttpRequest | None = None,
) -> JSON:
    """The live page: when its coverage started (and ended), and each update."""
    url = absolute(article.get_absolute_url(), request)
    data: JSON = {
        "@context": CONTEXT,
        "@type": "LiveBlogPosting",
        "@id": f"{url}#live",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": article.title,
        "description": article_description(article),
        "inLanguage": "ar",
        "publisher": publisher(request),
        "coverageStartTime": iso_datetime(coverage.started_at),
    }
    if coverage.ended_at:
        data["coverageEndTime"] = iso_datetime(coverage.ended_at)
    if article.published_at:
        data["datePublished"] = iso_datetime(article.published_at)
    modified = max(
        [u.updated_at for u in updates] + [article.published_at or coverage.started_at]
    )
    data["dateModified"] = iso_datetime(modified)
    data["liveBlogUpdate"] = [_update(update, url, request) for update in updates]
    return data


def _update(update: LiveUpdate, page_url: str, request: HttpRequest | None) -> JSON:
    url = f"{page_url}#{update.anchor()}"
    data: JSON = {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": update.summary()[:110],
        "articleBody": plain_text(update.body),
        "datePublished": iso_datetime(update.published_at),
        "dateModified": iso_datetime(max(update.updated_at, update.published_at)),
    }
    if update.photo_id:
        data["image"] = image_urls(update.photo, request)
    return data
