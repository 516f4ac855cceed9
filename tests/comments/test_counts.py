"""The article's stored count of approved comments stays exact on every write."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import sql_for

pytestmark = pytest.mark.django_db


def stored(article: Article) -> int:
    return Article.objects.values_list("comment_count", flat=True).get(pk=article.pk)


def test_only_approved_comments_are_counted():
    article = ArticleFactory()
    CommentFactory.create_batch(2, article=article)
    for status in ["pending", "spam", "trash"]:
        CommentFactory(article=article, status=status)
    assert stored(article) == 2


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ("pending", "approved", 1),
        ("approved", "spam", -1),
        ("approved", "trash", -1),
        ("spam", "pending", 0),
        ("approved", "approved", 0),
    ],
)
def test_a_change_of_status_moves_the_count(before, after, change):
    article = ArticleFactory()
    CommentFactory(article=article)
    comment = CommentFactory(article=article, status=before)
    start = stored(article)

    moderation.set_status([comment], after)

    assert stored(article) == start + change


def test_saving_a_comment_with_a_new_status_moves_the_count():
    comment = CommentFactory(status="pending")
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert stored(comment.article) == 1
    comment.status = Comment.Status.TRASH
    comment.save()
    assert stored(comment.article) == 0


def test_saving_other_fields_leaves_the_count_alone():
    comment = CommentFactory()
    comment.body = "نص معدل"
    comment.save()
    comment.save(update_fields=["body"])
    assert stored(comment.article) == 1


def test_a_stale_instance_saved_after_a_moderator_acted_counts_once():
    comment = CommentFactory(status="pending")
    stale = Comment.objects.get(pk=comment.pk)
    moderation.set_status([comment], Comment.Status.APPROVED)
    # The stale copy still says pending and writes it back: the count follows.
    stale.save()
    assert stored(comment.article) == 0
    moderation.approve(comment)
    assert stored(comment.article) == 1


def test_deleting_a_comment_removes_its_approved_replies_from_the_count():
    article = ArticleFactory()
    parent = CommentFactory(article=article)
    reply = CommentFactory(article=article, parent=parent)
    CommentFactory(article=article, parent=reply)
    CommentFactory(article=article, parent=reply, status="pending")
    CommentFactory(article=article)
    assert stored(article) == 4

    parent.delete()

    assert stored(article) == 1
    assert Comment.objects.filter(article=article).count() == 1


def test_a_queryset_delete_moves_each_articles_count():
    first, second = ArticleFactory(), ArticleFactory()
    CommentFactory.create_batch(3, article=first)
    CommentFactory.create_batch(2, article=second)
    CommentFactory(article=second, status="spam")

    Comment.objects.filter(Q(article=first) | Q(status="spam")).delete()

    assert (stored(first), stored(second)) == (0, 2)


def test_bulk_created_approved_comments_are_counted():
    article = ArticleFactory()
    Comment.objects.bulk_create(
        [
            Comment(article=article, name="أ", body="واحد", status="approved"),
            Comment(article=article, name="ب", body="اثنان", status="pending"),
        ]
    )
    assert stored(article) == 1


def test_erasing_a_commenter_keeps_their_comments_counted():
    # Erased comments stay in the thread ("removed at its author's request").
    from comments import privacy

    comment = CommentFactory(email="gone@example.org")
    privacy.erase_commenter("gone@example.org", delete_text=True)
    assert stored(comment.article) == 1


def test_the_count_never_goes_below_zero():
    comment = CommentFactory()
    Article.objects.filter(pk=comment.article_id).update(comment_count=0)
    comment.delete()
    assert stored(comment.article) == 0


def test_moderating_many_comments_costs_the_same_queries_as_one():
    article = ArticleFactory()
    one = [CommentFactory(article=article, status="pending")]
    many = CommentFactory.create_batch(20, article=article, status="pending")

    with CaptureQueriesContext(connection) as single:
        moderation.set_status(one, "approved")
    with CaptureQueriesContext(connection) as batch:
        moderation.set_status(many, "approved")

    assert len(batch) == len(single)
    assert stored(article) == 21


def test_recount_command_repairs_wrong_counts_only():
    right, wrong = ArticleFactory(), ArticleFactory()
    CommentFactory(article=right)
    CommentFactory.create_batch(2, article=wrong)
    Article.objects.filter(pk=wrong.pk).update(comment_count=7)

    assert Comment.objects.recount_articles(batch_size=1) == 1
    assert (stored(right), stored(wrong)) == (1, 2)


def test_recount_command_reports_in_arabic(capsys):
    article = ArticleFactory()
    CommentFactory(article=article)
    Article.objects.filter(pk=article.pk).update(comment_count=0)

    call_command("recount_comments")

    assert stored(article) == 1
    assert capsys.readouterr().out.strip() == "صُحّح عدد تعليقات مقال واحد."


def test_lists_read_the_stored_count_and_never_the_comments(client):
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    CommentFactory.create_batch(5, article=article, status="spam")

    for url in [
        "/",
        article.section.get_absolute_url(),
        f"/archive/{timezone.localtime(article.published_at):%Y/%m}/",
    ]:
        response = client.get(url)
        assert sql_for(client, url, "comments_comment") == [], url
    assert "3 تعليقات" in response.text


def test_the_article_page_reads_approved_comments_only(client):
    # A spam wave on one article must not make its page slower for everyone.
    article = ArticleFactory()
    CommentFactory(article=article)
    Comment.objects.bulk_create(
        Comment(article=article, name="س", body=f"رابط {n}", status="spam")
        for n in range(50)
    )

    [thread] = sql_for(client, article.get_absolute_url(), "comments_comment")

    assert "approved" in thread
    assert "COUNT(" not in thread.upper()
