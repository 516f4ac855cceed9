"""RSS and Atom feeds of the latest articles: of the whole site, of one section,
tag, official, writer or place.

Feeds are public pages like any other: they name authors and never carry an
address (Django's feeds print an e-mail beside the name when one
is given, so none ever is). Links are absolute and percent-encoded: Django's
feed generator passes every link through `iri_to_uri`, so Arabic slugs arrive
as ASCII that decodes back to the same letters.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _

from newsroom.fragments import kept
from newsroom.text import xml_safe

from .models import Article, Correction, Official, Place, Section, Tag, Writer
from .places import PlaceTree

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
            "breaking_until",
            "section__name",
            "section__slug",
            "author__first_name",
            "author__last_name",
        )
        .order_by("-published_at", "-id")
    )


def found[T](obj: T | None) -> T:
    if obj is None:
        raise Http404
    return obj


class WrittenAtOnce:
    """Django's Feed.__call__, with the XML written to a string first, and
    every text in it fit for XML.

    Django writes the feed into the response a few characters at a time, each
    write converted to bytes: hundreds of writes for twenty items. It refuses
    (a 500) text with a control character, which a row stored before the
    input-cleaning rule, or by an update() that bypasses it, may still hold.
    """

    def get_feed(self, obj, request: HttpRequest) -> SyndicationFeed:
        feedgen = super().get_feed(obj, request)
        feedgen.feed = _xml_safe(feedgen.feed)
        feedgen.items = [_xml_safe(item) for item in feedgen.items]
        return feedgen

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404("Feed object does not exist.") from exc
        feedgen = self.get_feed(obj, request)
        response = HttpResponse(
            feedgen.writeString("utf-8"), content_type=feedgen.content_type
        )
        # Every feed here dates its items: ConditionalGetMiddleware answers 304s.
        response.headers["Last-Modified"] = http_date(
            feedgen.latest_post_date().timestamp()
        )
        return response


def _xml_safe(value: object) -> object:
    """A feed's or an item's values (texts, lists of them) without the
    characters XML refuses."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class LatestArticlesFeed(WrittenAtOnce, Feed):
    """The newest published articles."""

    kind = "latest"

    def title(self) -> str:
        return settings.SITE_NAME

    def link(self) -> str:
        return reverse("articles:home")

    def description(self) -> str:
        return _("The latest news of the region.")

    def items(self, obj=None) -> list[Article]:
        # Alike for every reader until the content changes (both formats).
        return kept(
            None,
            f"feed:{self.kind}:{getattr(obj, 'pk', '')}",
            lambda: list(self.articles(obj)),
        )

    def articles(self, obj) -> QuerySet:
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
        categories = [item.section.name, *(tag.name for tag in item.tags.all())]
        # Kept items end with the breaking time (articles/breaking.py).
        if item.breaking_until and item.breaking_until > timezone.now():
            categories.insert(0, _("Breaking"))
        return categories

    def item_author_name(self, item: Article) -> str | None:
        # The author's full name, when the newsroom gave one; never the login.
        if item.author is None:
            return None
        return item.author.get_full_name() or None

    def item_author_email(self, item: Article) -> None:
        return None


class SectionFeed(LatestArticlesFeed):
    """The newest published articles of one section."""

    kind = "section"

    def get_object(self, request, slug: str) -> Section:
        return found(
            kept(
                request,
                f"section:{slug}",
                lambda: Section.objects.filter(slug=slug).first(),
            )
        )

    def title(self, obj: Section) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj: Section) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Section) -> str:
        return obj.description or _("The latest news in {section}.").format(
            section=obj.name
        )

    def articles(self, obj: Section) -> QuerySet:
        return published_articles().filter(section=obj)[:FEED_SIZE]


class TagFeed(LatestArticlesFeed):
    """The newest published articles with one tag."""

    kind = "tag"

    def get_object(self, request, slug: str) -> Tag:
        return found(
            kept(request, f"tag:{slug}", lambda: Tag.objects.filter(slug=slug).first())
        )

    def title(self, obj: Tag) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj: Tag) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Tag) -> str:
        return _("The latest news tagged {tag}.").format(tag=obj.name)

    def articles(self, obj: Tag) -> QuerySet:
        return published_articles().filter(tags=obj)[:FEED_SIZE]


class OfficialFeed(LatestArticlesFeed):
    """The newest published articles naming one official."""

    kind = "official"

    # The slug in the address is not checked: a renamed official's feed keeps
    # its subscribers.
    def get_object(self, request, pk: int, slug: str) -> Official:
        return found(
            kept(
                request,
                f"official-only:{pk}",
                lambda: (
                    Official.objects.only("id", "name", "slug").filter(pk=pk).first()
                ),
            )
        )

    def title(self, obj: Official) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj: Official) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Official) -> str:
        return _("The latest news about {name}.").format(name=obj.name)

    def articles(self, obj: Official) -> QuerySet:
        # One appearance per official and article (a constraint): no duplicates.
        return published_articles().filter(attendees__official=obj)[:FEED_SIZE]


class AuthorFeed(LatestArticlesFeed):
    """The newest published articles of one writer."""

    kind = "author"

    # As for officials, the slug is not checked: a renamed writer's feed keeps
    # its subscribers.
    def get_object(self, request, pk: int, slug: str) -> Writer:
        return found(kept(request, f"author:{pk}", lambda: Writer.load(pk)))

    def title(self, obj: Writer) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj: Writer) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Writer) -> str:
        return _("The latest articles by {name}.").format(name=obj.name)

    def articles(self, obj: Writer) -> QuerySet:
        return published_articles().filter(author_id=obj.pk)[:FEED_SIZE]


class PlaceFeed(LatestArticlesFeed):
    """The newest articles about events in a place or any place inside it."""

    kind = "place"

    def get_object(self, request, pk: int, slug: str) -> Place:
        tree = kept(request, "places:tree", PlaceTree.load)
        place = tree.get(pk)
        if place is None:
            raise Http404
        # The feed object is shared by every request: the ids travel on the place.
        place.descendant_ids = tree.descendant_ids(place)
        return place

    def title(self, obj: Place) -> str:
        return f"{obj.name} — {settings.SITE_NAME}"

    def link(self, obj: Place) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Place) -> str:
        return _("The latest news from {place}.").format(place=obj.name)

    def articles(self, obj: Place) -> QuerySet:
        return published_articles().filter(event__place__in=obj.descendant_ids)[
            :FEED_SIZE
        ]


class AtomFeed:
    """The same feed in Atom: the description is its subtitle, the site its author.

    Atom wants an author for every entry; one for the feed covers the entries
    whose writer gave no name.
    """

    feed_type = Atom1Feed

    def subtitle(self, obj=None) -> str:
        return self._get_dynamic_attr("description", obj)

    def author_name(self) -> str:
        return settings.SITE_NAME


class LatestArticlesAtomFeed(AtomFeed, LatestArticlesFeed):
    pass


class SectionAtomFeed(AtomFeed, SectionFeed):
    pass


class TagAtomFeed(AtomFeed, TagFeed):
    pass


class OfficialAtomFeed(AtomFeed, OfficialFeed):
    pass


class AuthorAtomFeed(AtomFeed, AuthorFeed):
    pass


class PlaceAtomFeed(AtomFeed, PlaceFeed):
    pass


class CorrectionsFeed(WrittenAtOnce, Feed):
    """The latest corrections and updates, each linked to its note on the article."""

    def title(self) -> str:
        return _("Corrections and updates — {site}").format(site=settings.SITE_NAME)

    def link(self) -> str:
        return reverse("articles:corrections")

    def description(self) -> str:
        return _("Every correction and update to our articles: what changed and why.")

    def items(self) -> list[Correction]:
        return kept(
            None,
            "feed:corrections",
            lambda: list(Correction.objects.shown().for_listing()[:FEED_SIZE]),
        )

    def item_title(self, item: Correction) -> str:
        return f"{item.get_kind_display()}: {item.article.title}"

    def item_description(self, item: Correction) -> str:
        return escape(item.text)

    def item_link(self, item: Correction) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Correction) -> datetime.datetime:
        return item.published_at

    def item_categories(self, item: Correction) -> list[str]:
        return [str(item.get_kind_display())]


class CorrectionsAtomFeed(AtomFeed, CorrectionsFeed):
    pass
