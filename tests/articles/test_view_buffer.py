"""Views at a spike's rate: counted in Redis, added to the database in batches,
exactly (articles/viewcounts.py)."""

from __future__ import annotations

import datetime
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
import redis
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import viewcounts
from articles.models import Article, ArticleQuerySet, ViewCountBatch
from tests.factories import ArticleFactory
from tests.helpers import DURABLE_TASKS, run_due_tasks

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"
# A database of its own on the local Redis, and a prefix of its own per test.
REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_answers() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_answers():
        pytest.skip("needs Redis at 127.0.0.1:6379")
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield redis.Redis.from_url(REDIS_URL)
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def durable(settings):
    settings.TASKS = DURABLE_TASKS


def pixel(article: Article) -> str:
    return reverse("articles:count-view", args=[article.pk])


def read(article: Article) -> int:
    """One new reader's view (no visit cookie); returns the pixel's status."""
    return Client(HTTP_USER_AGENT=BROWSER).get(pixel(article)).status_code


def views_of(article: Article) -> int:
    article.refresh_from_db(fields=["view_count"])
    return article.view_count


def test_views_wait_in_redis_and_a_flush_adds_them(redis_cache, durable):
    article = ArticleFactory()
    for _ in range(3):
        assert read(article) == 200
    assert views_of(article) == 0
    assert viewcounts.flush() == 3
    assert views_of(article) == 3
    assert viewcounts.flush() == 0  # nothing counted twice


def test_the_first_view_enqueues_one_flush_for_the_end_of_the_interval(
    redis_cache, durable, settings
):
    settings.VIEW_COUNT_FLUSH_SECONDS = 10
    article = ArticleFactory()
    for _ in range(5):
        read(article)
    flush = DBTaskResult.objects.get()
    assert flush.task_path == "articles.viewcounts.flush_view_counts"
    wait = flush.run_after - timezone.now()
    assert datetime.timedelta(seconds=8) < wait <= datetime.timedelta(seconds=10)

    DBTaskResult.objects.update(run_after=timezone.now())
    run_due_tasks()
    assert views_of(article) == 5


def test_a_reader_visit_still_counts_once_with_redis(redis_cache, durable):
    article = ArticleFactory()
    reader = Client(HTTP_USER_AGENT=BROWSER)
    reader.get(pixel(article))
    reader.get(pixel(article))
    viewcounts.flush()
    assert views_of(article) == 1


@pytest.mark.django_db(transaction=True)
def test_2000_views_from_16_threads_are_all_stored_after_a_flush(redis_cache, durable):
    article = ArticleFactory()

    def reader(_: int) -> int:
        try:
            return read(article)
        finally:
            connection.close()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(reader, range(2000)))
    seconds = time.monotonic() - started

    assert statuses == [200] * 2000
    # One flush enqueued per interval at most, not one per view.
    assert DBTaskResult.objects.count() <= seconds // 10 + 1
    viewcounts.flush()
    assert views_of(article) == 2000


def test_views_arriving_during_a_flush_wait_for_the_next_one(
    redis_cache, durable, monkeypatch
):
    article = ArticleFactory()
    read(article)
    add_views = ArticleQuerySet.add_views

    def add_while_a_reader_arrives(self, counts):
        read(article)  # lands in the new pending hash, not in this batch
        add_views(self, counts)

    monkeypatch.setattr(ArticleQuerySet, "add_views", add_while_a_reader_arrives)
    assert viewcounts.flush() == 1
    monkeypatch.undo()
    assert viewcounts.flush() == 1
    assert views_of(article) == 2


def test_a_flush_that_fails_before_the_database_loses_nothing(
    redis_cache, durable, monkeypatch
):
    article = ArticleFactory()
    for _ in range(4):
        read(article)

    def database_down(self, counts):
        raise ConnectionError("database went away")

    monkeypatch.setattr(ArticleQuerySet, "add_views", database_down)
    with pytest.raises(ConnectionError):
        viewcounts.flush()
    monkeypatch.undo()
    read(article)

    assert viewcounts.flush() == 5  # the stranded batch, then the new view
    assert views_of(article) == 5


def test_a_flush_that_stopped_after_the_database_does_not_count_twice(
    redis_cache, durable
):
    article = ArticleFactory()
    client = viewcounts.redis_client()
    # As a flush leaves things when it stops between its commit and cleaning
    # up Redis: the batch added and recorded, still in Redis.
    token = uuid.uuid4().hex
    client.hset(viewcounts._batch_key(token), str(article.pk), 7)
    client.sadd(viewcounts._key(viewcounts.BATCHES), token)
    Article.objects.add_views({article.pk: 7})
    ViewCountBatch.objects.create(token=token)

    assert viewcounts.flush() == 0
    assert views_of(article) == 7
    assert not client.exists(viewcounts._batch_key(token))
    assert not client.sismember(viewcounts._key(viewcounts.BATCHES), token)


def test_flush_view_counts_command_adds_the_pending_views(redis_cache, durable):
    article = ArticleFactory()
    for _ in range(3):
        read(article)
    out = StringIO()
    call_command("flush_view_counts", stdout=out)
    assert views_of(article) == 3
    assert "3" in out.getvalue()  # "3 views added", in Arabic


def test_applied_batch_records_are_kept_a_day(redis_cache, durable):
    ViewCountBatch.objects.create(token="old")
    ViewCountBatch.objects.update(
        applied_at=timezone.now() - viewcounts.KEEP_TOKENS - datetime.timedelta(hours=1)
    )
    ViewCountBatch.objects.create(token="recent")
    viewcounts.flush()
    assert list(ViewCountBatch.objects.values_list("token", flat=True)) == ["recent"]


def test_without_redis_each_view_is_stored_at_once(durable):
    article = ArticleFactory()
    read(article)
    read(article)
    assert views_of(article) == 2
    assert not DBTaskResult.objects.exists()  # nothing to flush
    assert viewcounts.flush() == 0


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_redis_that_does_not_answer_costs_the_reader_nothing(settings, durable):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/14",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    article = ArticleFactory()
    assert read(article) == 200
    assert views_of(article) == 1  # counted in the database instead


def test_a_flush_with_redis_down_fails_and_is_tried_again_later(settings, durable):
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/14",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    settings.TASKS_RETRY_SECONDS = 60
    viewcounts.flush_view_counts.enqueue()
    run_due_tasks()
    waiting = DBTaskResult.objects.get()
    assert waiting.status == "READY"
    assert "ConnectionError" in waiting.traceback
