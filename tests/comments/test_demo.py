"""The demo's comments (`manage.py load_demo`): threads, the site's reply, a queue."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from articles.demo_data import REFERENCE_TITLE
from comments.models import Comment
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db


def test_demo_comments_fill_every_status_the_moderators_work_with():
    load_demo("--admin-password", "demo-pass-123")

    statuses = set(Comment.objects.values_list("status", flat=True))

    assert {"approved", "pending", "spam"} <= statuses
    assert Comment.objects.filter(status="approved").count() >= 8


def test_demo_comments_reply_three_levels_deep_to_approved_comments():
    load_demo("--admin-password", "demo-pass-123")

    assert Comment.objects.filter(depth=2).exists()
    for reply in Comment.objects.filter(parent__isnull=False).select_related("parent"):
        assert reply.depth == reply.parent.depth + 1
        assert reply.article_id == reply.parent.article_id
        assert reply.parent.status == Comment.Status.APPROVED
        assert reply.created_at > reply.parent.moderated_at


def test_the_site_replies_once_under_its_name_by_a_staff_account():
    load_demo("--admin-password", "demo-pass-123")

    reply = Comment.objects.get(user__isnull=False)

    assert reply.is_site_reply
    assert reply.name == settings.SITE_NAME
    assert reply.user.is_staff
    assert reply.status == Comment.Status.APPROVED
    assert reply.parent is not None


def test_without_a_staff_account_the_site_reply_waits_for_one():
    load_demo()
    assert not Comment.objects.filter(user__isnull=False).exists()

    load_demo("--admin-password", "demo-pass-123")

    assert Comment.objects.filter(user__isnull=False).count() == 1


def test_comments_are_dated_in_the_two_days_after_their_article():
    load_demo()

    reference = Comment.objects.filter(article__title=REFERENCE_TITLE).first()
    assert reference.created_at.year == 2025  # the meeting's, not the load's
    for comment in Comment.objects.select_related("article"):
        since = comment.created_at - comment.article.published_at
        assert datetime.timedelta(0) < since < datetime.timedelta(days=2)


def test_running_again_creates_no_comment_and_changes_none():
    load_demo("--admin-password", "demo-pass-123")
    before = list(Comment.objects.order_by("pk").values())

    load_demo("--admin-password", "demo-pass-123")

    assert list(Comment.objects.order_by("pk").values()) == before


def test_running_again_keeps_what_moderators_decided():
    load_demo()
    pending = Comment.objects.filter(status=Comment.Status.PENDING).first()
    pending.status = Comment.Status.APPROVED
    pending.save()

    load_demo()

    pending.refresh_from_db()
    assert pending.status == Comment.Status.APPROVED
