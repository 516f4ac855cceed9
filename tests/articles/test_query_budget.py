"""Each page makes the same small number of queries whatever it lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
)

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


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
    # article (with section, event, counts) + tags + attendees + comments
    # + related articles + nav sections
    assert queries_for(client, small.get_absolute_url()) <= 6
    assert queries_for(client, small.get_absolute_url()) == queries_for(
        client, large.get_absolute_url()
    )


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
    # Home: page count + page rows + most read + most commented + nav sections.
    for url, count in few.items():
        assert count <= (7 if url == month else 5), url
        assert queries_for(client, url) == count, url


def test_official_page_budget_does_not_grow_with_appearances(client):
    official = OfficialFactory()
    PositionFactory(official=official)
    AttendeeFactory(official=official)
    few = queries_for(client, official.get_absolute_url())
    PositionFactory.create_batch(4, official=official)
    for _ in range(10):
        AttendeeFactory(official=official)
    # official, other spellings, positions, page count, page rows, nav sections
    assert few <= 6
    assert queries_for(client, official.get_absolute_url()) == few
