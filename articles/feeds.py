"""RSS feeds: the latest articles, those of one section, the latest comments.

Feeds are public pages like any other: they name authors and commenters, and
never carry an address (Django's feeds print an e-mail beside the name when one
is given, so none ever is).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from comments.models import Comment

from .models import Article, Section

FEED_SIZE = 20


def published_articles() -> QuerySet:
    """What an article feed shows, in two queries whatever their number."""
    return (
        Article.objects.published()
        .select_related("section", "author")
        .prefetch_related("tags")
        .only(
            "id",
            "title",
            "slug",
            "lede",
            "published_at",
            "updated_at",
            "section__name",
            "section__slug",
            "author__first_name",
            "author__last_name",
        )
        .order_by("-published_at", "-id")
    )


class LatestArticlesFeed(Feed):
    """The newest published articles."""

    def title(self) -> str:
        return settings.SITE_NAME

    def link(self) -> str:
        return reverse("articles:home")

    def description(self) -> str:
        return _("The latest news of the region.")

    def items(self) -> QuerySet:
        return published_articles()[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # A description is HTML to feed readers: the lede is plain text.
        return escape(item.lede)

    def item_pubdate(self, item: Article) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return max(item.published_at, item.updated_at)

    def item_categories(self, item: Article) -> list[str]:
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_author_name(self, item: Article) -> str | None:
        # The author's full name, when the newsroom gave one; never the login.
        if item.author is None:
            return None
        return item.author.get_full_name() or None

    def item_author_email(self, item: Article) -> None:
        return None


class SectionFeed(LatestArticlesFeed):
    """The newest published articles of one section."""

    def get_object(self, request, slug: str) -> Section:
        return get_object_or_404(Section, slug=slug)

    def title(self, obj: Section) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj: Section) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Section) -> str:
        return obj.description or _("The latest news in {section}.").format(
            section=obj.name
        )

    def items(self, obj: Section) -> QuerySet:
        return published_articles().filter(section=obj)[:FEED_SIZE]


class LatestCommentsFeed(Feed):
    """The latest approved comments on published articles: names, never addresses."""

    def title(self) -> str:
        return _("Comments on {site}").format(site=settings.SITE_NAME)

    def link(self) -> str:
        return reverse("articles:home")

    def description(self) -> str:
        return _("The latest comments published on {site}.").format(
            site=settings.SITE_NAME
        )

    def items(self) -> QuerySet:
        return (
            Comment.objects.approved()
            .filter(
                article__status=Article.Status.PUBLISHED,
                article__published_at__lte=timezone.now(),
            )
            .exclude(body="")
            .select_related("article")
            .only(
                "id",
                "name",
                "body",
                "created_at",
                "erased_at",
                "article__id",
                "article__slug",
                "article__title",
            )
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Comment) -> str:
        return _("{name} on {title}").format(
            name=self.item_author_name(item), title=item.article.title
        )

    def item_description(self, item: Comment) -> str:
        # A reader's text, escaped: feed readers render descriptions as HTML.
        return linebreaks(escape(item.body))

    def item_link(self, item: Comment) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Comment) -> datetime.datetime:
        return item.created_at

    def item_author_name(self, item: Comment) -> str:
        if item.is_erased or not item.name:
            return _("Anonymous")
        return item.name

    # The address a commenter typed is never published, not even here.
    def item_author_email(self, item: Comment) -> None:
        return None

    def item_author_link(self, item: Comment) -> None:
        return None
