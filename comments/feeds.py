"""The latest approved comments on published articles, as RSS and Atom: the
commenters' names, never their addresses."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from articles.feeds import FEED_SIZE, AtomFeed, WrittenAtOnce
from articles.models import published_condition

from .models import Comment


class LatestCommentsFeed(WrittenAtOnce, Feed):
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
            .filter(published_condition("article"))
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
        return item.display_name

    # The address a commenter typed is never published, not even here.
    def item_author_email(self, item: Comment) -> None:
        return None

    def item_author_link(self, item: Comment) -> None:
        return None


class LatestCommentsAtomFeed(AtomFeed, LatestCommentsFeed):
    pass
