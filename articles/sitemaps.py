"""The sitemaps: every public page a search engine should know, with its date,
and the Google News sitemap of the last two days' articles.

Dates carry their time zone (`lastmod` as full ISO 8601 with offset, through
the templates in `templates/jinja2/sitemaps/`). Thousands of articles are read
as plain rows, not model instances, and each address is reversed once per
process (newsroom.links).
"""

from __future__ import annotations

import datetime
from html import escape
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.db.models.functions import Greatest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from newsroom.dates import iso_datetime
from newsroom.fragments import kept
from newsroom.links import cached_reverse, reverser
from newsroom.text import xml_safe

from .models import (
    Article,
    Event,
    Official,
    Place,
    Section,
    Tag,
    Writer,
    published_condition,
)
from .places import PlaceTree

# Google News reads the articles of the last two days, at most 1,000 of them.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


def newest(articles: str) -> Max:
    """The date of the newest change to a published article, through `articles`."""
    return Max(
        Greatest(f"{articles}__published_at", f"{articles}__updated_at"),
        filter=published_condition(articles),
    )


class LatestOfItems:
    """The sitemap's date in the index: its newest page's, ignoring undated ones.

    The index asks for the items twice (their dates, how many pages): they are
    read once per request, by `rows()`.
    """

    def rows(self) -> QuerySet | list:
        raise NotImplementedError

    def items(self) -> list:
        if not hasattr(self, "_rows"):
            self._rows = list(self.rows())
        return self._rows

    def get_latest_lastmod(self) -> datetime.datetime | None:
        dates = (self.lastmod(item) for item in self.items())
        return max((d for d in dates if d is not None), default=None)


class PageSitemap(Sitemap):
    """The pages that are not about one thing: home and archive."""

    def items(self) -> list[str]:
        return ["articles:home", "articles:archive"]

    def location(self, item: str) -> str:
        return reverse(item)


class ArticleSitemap(Sitemap):
    def items(self) -> QuerySet:
        """(id, slug, date of the newest change) of every published article."""
        return (
            Article.objects.published()
            # A scheduled article may have been saved before it appeared.
            .annotate(changed=Greatest("published_at", "updated_at"))
            .order_by("-published_at", "-id")
            .values_list("id", "slug", "changed")
        )

    def location(self, item: tuple) -> str:
        return cached_reverse("articles:detail", item[0], item[1])

    def lastmod(self, item: tuple) -> datetime.datetime:
        return item[2]

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        """What Sitemap.get_urls gives, for thousands of rows: each row's
        element written once, kept until the content changes, with no per-row
        lookups of priority, frequency or alternates (these pages have none)."""
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        elements, latest = kept(
            None,
            f"sitemap:articles:{origin}:{page}",
            lambda: self._elements(origin, page),
        )
        # The sitemap view's Last-Modified header.
        self.latest_lastmod = latest
        return [{"element": element} for element in elements]

    def _elements(self, origin: str, page) -> tuple[list[str], Any]:
        address = reverser("articles:detail")
        zone = timezone.get_current_timezone()
        rows = self.paginator.page(page).object_list
        elements = [
            f"<url><loc>{escape(origin + address(pk, slug))}</loc>"
            f"<lastmod>{changed.astimezone(zone).isoformat()}</lastmod></url>"
            for pk, slug, changed in rows
        ]
        return elements, max((row[2] for row in rows), default=None)

    def get_latest_lastmod(self) -> datetime.datetime | None:
        # One query, not one pass over every article.
        return Article.objects.published().aggregate(
            latest=Max(Greatest("published_at", "updated_at"))
        )["latest"]


class SectionSitemap(LatestOfItems, Sitemap):
    """Every section; its date is its newest article's."""

    def rows(self) -> QuerySet:
        return (
            Section.objects.annotate(latest=newest("articles"))
            .only("id", "slug")
            .order_by("position", "name")
        )

    def lastmod(self, item: Section) -> datetime.datetime | None:
        return item.latest


class TagSitemap(LatestOfItems, Sitemap):
    """Tags with at least one published article (the others are empty pages)."""

    def rows(self) -> QuerySet:
        return (
            Tag.objects.annotate(latest=newest("articles"))
            .filter(latest__isnull=False)
            .only("id", "slug", "name")
            .order_by("name")
        )

    def lastmod(self, item: Tag) -> datetime.datetime | None:
        return item.latest


class OfficialSitemap(LatestOfItems, Sitemap):
    """Every official; the page changes when a new article names them."""

    def rows(self) -> QuerySet:
        return (
            Official.objects.annotate(latest=newest("appearances__article"))
            .only("id", "slug", "name", "created_at")
            .order_by("name", "id")
        )

    def lastmod(self, item: Official) -> datetime.datetime:
        return max(d for d in [item.created_at, item.latest] if d is not None)


class WriterSitemap(LatestOfItems, Sitemap):
    """Writers with a name and a published article; the date is their newest's."""

    def rows(self) -> QuerySet:
        return (
            get_user_model()
            .objects.annotate(latest=newest("articles"))
            .filter(latest__isnull=False)
            .exclude(first_name="", last_name="")
            .only("id", "first_name", "last_name")
            .order_by("id")
        )

    def location(self, item) -> str:
        return Writer.url_for(item.pk, item.get_full_name())

    def lastmod(self, item) -> datetime.datetime | None:
        return item.latest


class PlaceSitemap(LatestOfItems, Sitemap):
    """Every place; its date is the newest article about an event in it or inside it.

    Two queries whatever the number of places: the place tree, and the newest
    article per place, carried up to every place containing it.
    """

    def rows(self) -> list[Place]:
        tree = PlaceTree.load()
        newest = (
            Article.objects.published()
            .filter(event__place__isnull=False)
            .values_list("event__place")
            .annotate(latest=Max(Greatest("published_at", "updated_at")))
            .order_by()
        )
        latest: dict[int, datetime.datetime] = {}
        for place_id, published_at in newest:
            place = tree.get(place_id)
            if place is None:
                continue
            for holder in [*tree.ancestors(place), place]:
                if holder.pk not in latest or latest[holder.pk] < published_at:
                    latest[holder.pk] = published_at
        places = sorted(tree.by_id.values(), key=lambda p: (p.name, p.pk))
        for place in places:
            place.latest = latest.get(place.pk)
        return places

    def lastmod(self, item: Place) -> datetime.datetime | None:
        return item.latest


class EventSitemap(LatestOfItems, Sitemap):
    """Events a published article reports; the date is the newest such article's."""

    def rows(self) -> QuerySet:
        return (
            Event.objects.annotate(latest=newest("articles"))
            .filter(latest__isnull=False)
            .only("id", "title")
            .order_by("-latest", "-id")
        )

    def lastmod(self, item: Event) -> datetime.datetime:
        return item.latest


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "officials": OfficialSitemap,
    "writers": WriterSitemap,
    "places": PlaceSitemap,
    "events": EventSitemap,
}


@require_safe
def news_sitemap(request: HttpRequest) -> HttpResponse:
    """The Google News sitemap: articles published in the last two days."""
    now = timezone.now()
    articles = (
        Article.objects.published()
        .filter(published_at__gte=now - NEWS_WINDOW)
        .only("id", "slug", "title", "published_at")
        .order_by("-published_at", "-id")[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": request.build_absolute_uri(article.get_absolute_url()),
            # Stored before the input-cleaning rule, a title may hold what XML
            # refuses; the template escapes only markup.
            "title": xml_safe(article.title),
            "published": iso_datetime(article.published_at),
        }
        for article in articles
    ]
    return render(
        request,
        "sitemaps/news.xml",
        {"entries": entries, "language": settings.LANGUAGE_CODE.split("-")[0]},
        content_type="application/xml; charset=utf-8",
    )
