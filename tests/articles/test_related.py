"""Related articles: ranked by shared people, tags and section, shown on the page."""

from __future__ import annotations

import pytest

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
    reported_article,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db


def test_related_articles_are_ranked_by_shared_officials_and_tags():
    politics, economy = SectionFactory(), SectionFactory()
    elections, budget = TagFactory(), TagFactory()
    mayor, governor = OfficialFactory(), OfficialFactory()
    article = ArticleFactory(section=politics, tags=[elections, budget])
    AttendeeFactory(article=article, official=mayor)
    AttendeeFactory(article=article, official=governor)

    both_people_and_a_tag = ArticleFactory(section=economy, tags=[elections])
    AttendeeFactory(article=both_people_and_a_tag, official=mayor)
    AttendeeFactory(article=both_people_and_a_tag, official=governor)
    two_tags = ArticleFactory(section=economy, tags=[elections, budget])
    one_tag_same_section = ArticleFactory(section=politics, tags=[budget])
    one_tag = ArticleFactory(section=economy, tags=[budget])
    ArticleFactory(section=economy)  # nothing in common
    ArticleFactory(section=politics, tags=[elections], draft=True)
    ArticleFactory(section=politics, tags=[elections], scheduled=True)

    related = list(Article.objects.related_to(article, 10))

    assert related == [both_people_and_a_tag, two_tags, one_tag_same_section, one_tag]
    assert [a.overlap for a in related] == [3, 2, 1, 1]


def test_related_articles_include_the_same_section_and_stop_at_the_limit():
    section = SectionFactory()
    article = ArticleFactory(section=section)
    ArticleFactory.create_batch(6, section=section)

    related = list(Article.objects.related_to(article, 4))

    assert len(related) == 4
    assert article not in related


def test_article_page_lists_four_related_articles(client):
    section = SectionFactory()
    article = ArticleFactory(section=section)
    ArticleFactory.create_batch(5, section=section)

    response = client.get(article.get_absolute_url())

    assert len(response.context["related"]) == 4
    assert 'id="related-heading"' in response.content.decode()


def test_related_and_structured_data_add_no_query_per_item(client):
    section = SectionFactory()
    article = reported_article(section=section)
    ArticleFactory(section=section)
    few = queries_for(client, article.get_absolute_url())
    for related in ArticleFactory.create_batch(6, section=section):
        AttendeeFactory(article=related)
    for _ in range(4):
        AttendeeFactory(article=article, official=PositionFactory().official)
    assert queries_for(client, article.get_absolute_url()) == few
