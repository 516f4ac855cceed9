"""Comments posted or moderated at the same moment, on PostgreSQL: none lost, none
doubled, every count right."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def post_together(requests: list[tuple[Client, dict]], url: str) -> list[int]:
    """Send every request at once, each from its own thread; their statuses."""
    barrier = threading.Barrier(len(requests))

    def send(client: Client, data: dict) -> int:
        try:
            barrier.wait(timeout=30)
            return client.post(url, data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        futures = [pool.submit(send, client, data) for client, data in requests]
        return [future.result(timeout=120) for future in futures]


def test_50_comments_posted_at_once_are_all_stored_once(form_data):
    article = ArticleFactory()
    url = reverse("comments:post", args=[article.pk])
    requests = [
        (
            Client(REMOTE_ADDR=f"198.51.100.{n + 1}"),
            form_data(
                name=f"قارئ {n}",
                email=f"reader{n}@example.ma",
                body=f"تعليق رقم {n} على الخبر",
            ),
        )
        for n in range(50)
    ]
    statuses = post_together(requests, url)
    assert statuses == [302] * 50
    assert Comment.objects.filter(article=article).count() == 50
    bodies = set(Comment.objects.values_list("body", flat=True))
    assert bodies == {f"تعليق رقم {n} على الخبر" for n in range(50)}


@pytest.mark.parametrize("flood_seconds", [15, 0])
def test_double_click_stores_exactly_one_comment(form_data, settings, flood_seconds):
    # With the flood window on, the cache refuses the second click; with it
    # off, the database's unique constraint does.
    settings.COMMENTS_FLOOD_SECONDS = flood_seconds
    article = ArticleFactory()
    url = reverse("comments:post", args=[article.pk])
    data = form_data()
    statuses = post_together([(Client(), data), (Client(), data)], url)
    assert sorted(statuses)[0] == 302
    assert sorted(statuses)[1] in (409, 429)
    assert Comment.objects.filter(article=article).count() == 1


def run_together(actions: list) -> None:
    """Run every action at once, each in its own thread and database connection."""
    barrier = threading.Barrier(len(actions))

    def run(action) -> None:
        try:
            barrier.wait(timeout=30)
            action()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        for future in [pool.submit(run, action) for action in actions]:
            future.result(timeout=120)


def test_moderators_acting_at_once_lose_no_count():
    article = ArticleFactory()
    comments = CommentFactory.create_batch(12, article=article, status="pending")
    twice = comments[0]
    # Twelve approvals at once, one of them clicked by two moderators.
    actions = [
        (lambda c=c: moderation.set_status([c], Comment.Status.APPROVED))
        for c in [*comments, twice]
    ]

    run_together(actions)

    article.refresh_from_db()
    assert article.comment_count == 12
