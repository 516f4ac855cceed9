"""Each page makes the same small number of queries whatever it lists."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
    stored_image,
)
from tests.helpers import encode, marked_picture, queries_for

pytestmark = pytest.mark.django_db


def rich_article(attendees: int, tags: int):
    article = ArticleFactory(event=EventFactory(), tags=TagFactory.create_batch(tags))
    for _ in range(attendees):
        position = PositionFactory()
        AttendeeFactory(article=article, official=position.official, position=position)
    CommentFactory.create_batch(3, article=article)
    return article


def test_article_page_budget_does_not_grow_with_attendees_or_tags(client):
    small = rich_article(attendees=1, tags=1)
    large = rich_article(attendees=12, tags=6)
    # article (with section, event, counts) + tags + attendees + corrections
    # + comments + related articles + nav sections + breaking bar (the article
    # with its prefetches, the related articles, the menu and the bar are kept
    # until the content changes)
    # + its live coverage, if any (live/display.py, kept likewise)
    assert queries_for(client, small.get_absolute_url()) <= 9
    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )


def article_with_body_images(count: int):
    pictures = [stored_image(encode(marked_picture((900, 600)))) for _ in range(count)]
    for image in pictures:
        image.make_renditions()
    body = "".join(
        f'<p>صورة {n}</p><img src="{image.src_for(1200)}" alt="صورة {n}">'
        for n, image in enumerate(pictures)
    )
    return ArticleFactory(body=body or "<p>بلا صور</p>")


def test_article_page_finds_all_body_images_in_one_query(client):
    counts = {}
    for count in (0, 1, 2):
        article = article_with_body_images(count)
        url = reverse("articles:detail", args=[article.pk, article.slug])
        counts[count] = queries_for(client, url)
    assert counts[1] == counts[0] + 1
    assert counts[2] == counts[1]


def test_listing_budgets_do_not_grow_with_articles(client, settings):
    settings.ARTICLES_PER_PAGE = 20
    section = SectionFactory()
    tag = TagFactory()
    first = ArticleFactory.create_batch(2, section=section, tags=[tag])[0]
    month = f"/archive/{timezone.localtime(first.published_at):%Y/%m}/"
    few = {
        url: queries_for(client, url)
        for url in [
            "/",
            section.get_absolute_url(),
            tag.get_absolute_url(),
            "/archive/",
        ]
    }
    # The month archive also looks up the months before and after.
    few[month] = queries_for(client, month)
    ArticleFactory.create_batch(15, section=section, tags=[tag])
    # Home: page count + page rows + most read + most commented + nav sections
    # + breaking bar.
    for url, count in few.items():
        assert count <= (8 if url == month else 6), url
        assert queries_for(client, url) == count, url


def test_official_page_budget_does_not_grow_with_appearances(client):
    official = OfficialFactory()
    PositionFactory(official=official)
    AttendeeFactory(official=official)
    few = queries_for(client, official.get_absolute_url())
    PositionFactory.create_batch(4, official=official)
    for _ in range(10):
        AttendeeFactory(official=official)
    # official, other spellings, positions, page count, page rows, nav sections,
    # breaking bar
    assert few <= 7
    assert queries_for(client, official.get_absolute_url()) == few


def test_author_page_budget_does_not_grow_with_articles(client, settings):
    settings.ARTICLES_PER_PAGE = 20
    writer = UserFactory(first_name="سلمى", last_name="البناني")
    ArticleFactory.create_batch(2, author=writer)
    url = reverse("articles:author", args=[writer.pk, "سلمى-البناني"])
    few = queries_for(client, url)
    ArticleFactory.create_batch(15, author=writer)
    # writer with profile, page count, page rows, nav sections, breaking bar
    assert few <= 5
    assert queries_for(client, url) == few
