"""The moderators' digest: one mail per window, listing every comment held since
the last one, sent by a deferred task on the durable queue."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.cache import cache, caches
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments import notifications, posting
from comments.models import Comment
from comments.posting import Submission
from tests.factories import CommentFactory
from tests.helpers import DURABLE_TASKS, run_due_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _moderators(settings):
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_DIGEST_SECONDS = 300


@pytest.fixture
def durable(settings):
    settings.TASKS = DURABLE_TASKS


def post(article, capture, n: int, **fields) -> Comment:
    values = {
        "article": article,
        "name": f"قارئ {n}",
        "email": f"reader{n}@example.ma",
        "url": "",
        "body": f"تعليق رقم {n} على الخبر.",
    }
    with capture(execute=True):
        return posting.post_comment(Submission(**(values | fields)))


def change_link(comment: Comment) -> str:
    return f"/admin/comments/comment/{comment.pk}/change/"


def window_ends() -> None:
    """The digest's time has come, and the next comment opens a new window."""
    DBTaskResult.objects.update(run_after=timezone.now())
    cache.clear()


def test_comments_arriving_together_are_mailed_in_one_digest_at_the_window_end(
    article, durable, django_capture_on_commit_callbacks
):
    comments = [post(article, django_capture_on_commit_callbacks, n) for n in range(3)]

    digest = DBTaskResult.objects.get()
    wait = digest.run_after - timezone.now()
    assert datetime.timedelta(seconds=290) < wait <= datetime.timedelta(seconds=300)
    run_due_tasks()
    assert mail.outbox == []  # not before the window ends

    window_ends()
    run_due_tasks()
    (message,) = mail.outbox
    assert message.to == ["moderation@example.ma"]
    for comment in comments:
        assert comment.body in message.body
        assert comment.name in message.body
        assert change_link(comment) in message.body
    assert message.body.count(article.title) == 3
    assert not Comment.objects.awaiting_digest().exists()


def test_a_digest_lists_only_comments_no_digest_listed_before(
    article, durable, django_capture_on_commit_callbacks
):
    first = post(article, django_capture_on_commit_callbacks, 1)
    window_ends()
    run_due_tasks()
    second = post(article, django_capture_on_commit_callbacks, 2)
    window_ends()
    run_due_tasks()

    assert len(mail.outbox) == 2
    assert change_link(first) not in mail.outbox[1].body
    assert change_link(second) in mail.outbox[1].body


def test_many_posts_in_one_window_enqueue_one_digest(durable):
    for _ in range(50):
        notifications.schedule_digest()
    assert DBTaskResult.objects.count() == 1


def test_a_digest_never_lists_spam_or_approved_comments(article):
    held = CommentFactory(article=article, status="pending")
    spam = CommentFactory(article=article, status="spam")
    approved = CommentFactory(article=article, status="approved")

    assert notifications.send_moderation_digest.call() == 1
    (message,) = mail.outbox
    assert change_link(held) in message.body
    assert change_link(spam) not in message.body
    assert change_link(approved) not in message.body


def test_a_comment_classified_as_spam_enqueues_no_digest(
    article, durable, django_capture_on_commit_callbacks
):
    post(article, django_capture_on_commit_callbacks, 1, looks_automated=True)
    assert Comment.objects.get().status == "spam"
    assert not DBTaskResult.objects.exists()


def test_a_digest_with_nothing_waiting_sends_nothing(article):
    CommentFactory(article=article, status="pending", moderators_told_at=timezone.now())
    assert notifications.send_moderation_digest.call() == 0
    assert mail.outbox == []


def test_a_digest_shows_the_first_lines_of_each_comment(article):
    body = "السطر الأول\nالسطر الثاني\nالسطر الثالث\nالسطر الرابع\n" + "كلام " * 200
    CommentFactory(article=article, status="pending", body=body)
    notifications.send_moderation_digest.call()
    (message,) = mail.outbox
    assert "السطر الثالث" in message.body
    assert "السطر الرابع" not in message.body


def test_a_long_digest_counts_the_rest_with_a_link_to_the_queue(article, monkeypatch):
    monkeypatch.setattr(notifications, "DIGEST_LISTED", 2)
    comments = CommentFactory.create_batch(3, article=article, status="pending")
    assert notifications.send_moderation_digest.call() == 3
    (message,) = mail.outbox
    assert [change_link(c) in message.body for c in comments] == [True, True, False]
    assert "/admin/comments/comment/?status__exact=pending" in message.body
    assert not Comment.objects.awaiting_digest().exists()


def test_a_cache_that_does_not_answer_costs_neither_the_post_nor_the_digest(
    article, durable, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLOOD_SECONDS = 15

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(type(caches["default"]), "add", down)
    comment = post(article, django_capture_on_commit_callbacks, 1)
    assert comment.pk
    assert DBTaskResult.objects.count() == 1


def test_a_digest_to_nobody_leaves_the_comments_for_a_later_one(article, settings):
    settings.COMMENTS_NOTIFY = []
    CommentFactory(article=article, status="pending")
    assert notifications.send_moderation_digest.call() == 0
    assert Comment.objects.awaiting_digest().count() == 1
