"""The editors' desk on the admin's home page: each count, the most read of
the last day, the 14 days' chart, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from newsroom import viewstats
from newsroom.desk import CHART_DAYS, desk
from newsroom.models import ArticleViewsHour
from tests.factories import ArticleFactory, CommentFactory, UserFactory
from tests.live.factories import LiveCoverageFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 3, 14, 10, 30))


def test_counts_of_what_waits(editor):
    CommentFactory.create_batch(2, status=Comment.Status.PENDING)
    CommentFactory(status=Comment.Status.APPROVED)
    ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(minutes=5))
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    ArticleFactory(breaking_until=timezone.now() + datetime.timedelta(hours=1))
    ArticleFactory(breaking_until=timezone.now() - datetime.timedelta(hours=1))
    LiveCoverageFactory()
    LiveCoverageFactory(ended_at=timezone.now())

    found = desk(editor)

    assert found["comments"]["waiting"] == 2
    assert found["articles"]["review"] == 1
    assert found["articles"]["breaking"] == 1
    assert len(found["live_pages"]["pages"]) == 1


def test_scheduled_for_today_counts_what_appears_before_midnight(editor):
    tonight = timezone.make_aware(datetime.datetime(2026, 3, 14, 23, 50))
    tomorrow = timezone.make_aware(datetime.datetime(2026, 3, 15, 0, 10))
    ArticleFactory(published_at=tonight)
    ArticleFactory(published_at=tomorrow)

    assert desk(editor, now=NOW)["articles"]["scheduled_today"] == 1


def test_the_oldest_waiting_comment_gives_its_age(editor):
    old = CommentFactory(status=Comment.Status.PENDING)
    Comment.objects.filter(pk=old.pk).update(
        created_at=NOW - datetime.timedelta(hours=3)
    )
    CommentFactory(status=Comment.Status.PENDING)

    comments = desk(editor, now=NOW)["comments"]

    assert comments["oldest_at"] == NOW - datetime.timedelta(hours=3)
    assert "3" in comments["oldest_age"]


def test_most_read_of_the_last_24_hours(editor):
    yesterday_hit, today_hit, quiet = ArticleFactory.create_batch(3)
    viewstats.record({yesterday_hit.pk: 500}, at=NOW - datetime.timedelta(hours=30))
    viewstats.record({yesterday_hit.pk: 5, today_hit.pk: 40, quiet.pk: 2}, at=NOW)
    viewstats.record({today_hit.pk: 10}, at=NOW - datetime.timedelta(hours=20))

    rows = desk(editor, now=NOW)["most_read"]

    assert [(row["title"], row["views"]) for row in rows] == [
        (today_hit.title, 50),
        (yesterday_hit.title, 5),
        (quiet.title, 2),
    ]


def test_the_chart_has_a_bar_per_day_with_its_views(editor):
    article = ArticleFactory()
    viewstats.record({article.pk: 7}, at=NOW)
    viewstats.record({article.pk: 3}, at=NOW - datetime.timedelta(hours=1))
    viewstats.record({article.pk: 20}, at=NOW - datetime.timedelta(days=2))
    viewstats.record({article.pk: 99}, at=NOW - datetime.timedelta(days=20))

    chart = desk(editor, now=NOW)["chart"]

    bars = chart["bars"]
    assert len(bars) == CHART_DAYS
    assert bars[-1].day == timezone.localdate(NOW)
    assert bars[-1].views == 10
    assert bars[-3].views == 20
    assert chart["total"] == 30
    # The busiest day is the full height; right to left, the newest day last.
    assert bars[-3].height == max(bar.height for bar in bars)
    assert bars[0].x > bars[-1].x


def test_the_desk_takes_five_queries_whatever_it_shows(
    editor, django_assert_num_queries
):
    with django_assert_num_queries(5):
        desk(editor, now=NOW)
    for _ in range(3):
        article = ArticleFactory(
            breaking_until=timezone.now() + datetime.timedelta(hours=1)
        )
        LiveCoverageFactory(article=article)
        CommentFactory(article=article, status=Comment.Status.PENDING)
        viewstats.record({article.pk: 4})
    with django_assert_num_queries(5):
        desk(editor)


def test_each_panel_only_for_those_allowed(db):
    moderator = UserFactory(username="mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Comment moderators"))

    with CaptureQueriesContext(connection) as queries:
        found = desk(moderator)

    assert set(found) == {"comments"}
    assert len([q for q in queries if "comments_comment" in q["sql"]]) == 1


def test_the_admin_home_shows_the_desk(editor_client):
    CommentFactory(status=Comment.Status.PENDING)

    page = editor_client.get("/admin/").content.decode()

    assert 'id="editors-desk"' in page
    assert 'data-count="comments-waiting">1<' in page
    assert "<svg" in page


def test_views_are_recorded_by_hour_and_old_hours_pruned():
    article = ArticleFactory()
    viewstats.record({article.pk: 2}, at=NOW)
    viewstats.record({article.pk: 3}, at=NOW + datetime.timedelta(minutes=20))
    viewstats.record({article.pk: 1}, at=NOW - datetime.timedelta(days=16))

    assert ArticleViewsHour.objects.get(hour=viewstats.hour_of(NOW)).views == 5
    assert viewstats.prune(NOW) == 1
    assert ArticleViewsHour.objects.count() == 1


def test_a_counted_view_reaches_the_desk(reader_client, editor):
    article = ArticleFactory()

    reader_client.get(f"/{article.pk}/seen.gif")

    assert desk(editor)["most_read"][0]["views"] == 1


def test_views_flushed_in_a_batch_reach_the_desk(editor):
    article, other = ArticleFactory.create_batch(2)

    Article.objects.add_views({article.pk: 12, other.pk: 3})

    assert [row["views"] for row in desk(editor)["most_read"]] == [12, 3]


def test_without_redis_old_hours_are_pruned_once_an_hour(monkeypatch):
    article = ArticleFactory()
    monkeypatch.setattr(viewstats, "_last_prune", None)
    viewstats.record({article.pk: 1}, at=timezone.now() - datetime.timedelta(days=20))

    viewstats.prune_now_and_then()
    assert not ArticleViewsHour.objects.exists()

    viewstats.record({article.pk: 1}, at=timezone.now() - datetime.timedelta(days=20))
    viewstats.prune_now_and_then()
    assert ArticleViewsHour.objects.count() == 1
