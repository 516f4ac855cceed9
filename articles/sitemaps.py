"""The sitemap: every public page a search engine should know, with its date."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.db.models.functions import Greatest
from django.urls import reverse

from .models import Article, Official, Section, Tag


class PageSitemap(Sitemap):
    """The pages that are not about one thing: home and archive."""

    def items(self) -> list[str]:
        return ["articles:home", "articles:archive"]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap):
    def items(self) -> QuerySet:
        return (
            Article.objects.published()
            .only("id", "slug", "published_at", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item: Article) -> datetime.datetime:
        # A scheduled article may have been saved before it appeared.
        return max(item.published_at, item.updated_at)

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # One query, not one pass over every article.
        return Article.objects.published().aggregate(
            latest=Max(Greatest("published_at", "updated_at"))
        )["latest"]


class SectionSitemap(Sitemap):
    def items(self) -> QuerySet:
        return Section.objects.only("id", "slug").order_by("position", "name")


class TagSitemap(Sitemap):
    """Tags with at least one published article (the others are empty pages)."""

    def items(self) -> QuerySet:
        return (
            Tag.objects.filter(articles__in=Article.objects.published())
            .only("id", "slug", "name")
            .distinct()
            .order_by("name")
        )


class OfficialSitemap(Sitemap):
    def items(self) -> QuerySet:
        return Official.objects.only("id", "slug", "name").order_by("name", "id")


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "officials": OfficialSitemap,
}
