"""Views counted at a breaking-news rate: in Redis first, then in the database by
batches.

With Redis as the cache, a reader's view is one HINCRBY on a hash of pending
counts (article id -> views), so the article's row takes no lock per reader.
The first view after a flush also takes a lock key (SET NX with an expiry, what
`cache.add` does, sent in the same round trip) and enqueues the flush task, to
run VIEW_COUNT_FLUSH_SECONDS later: no cron, one flush per interval at most, and
at most that interval of views (plus the worker's delay) is pending in Redis
and missing from the stored counts. `manage.py flush_view_counts` flushes now.

A flush loses nothing and counts nothing twice, wherever it stops: RENAME
moves the pending hash, atomically, to a batch key named by a token listed in
a set of batches. The batch's views are added to the articles in the same
transaction that records its token (ViewCountBatch); only then is the batch
deleted from Redis. A batch left behind by a flush that stopped is taken up by
the next one, which adds it only if its token is not recorded yet.

Without Redis (the local cache is no place to keep counts) or while Redis does
not answer, a view is one UPDATE on the article's row, as before.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from redis import Redis
from redis.exceptions import RedisError, ResponseError

from newsroom import viewstats
from newsroom.tasks import enqueue_after

from .models import Article, ViewCountBatch

logger = logging.getLogger(__name__)

PENDING = "viewcounts:pending"
BATCHES = "viewcounts:batches"
SCHEDULED = "viewcounts:flush-scheduled"
# Tokens of applied batches are kept this long: far longer than a leftover
# batch waits in Redis for the next flush.
KEEP_TOKENS = datetime.timedelta(days=1)


def redis_client() -> Redis | None:
    """The Redis behind the default cache, or None when the cache is not Redis."""
    cache = caches["default"]
    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(write=True)


def _key(name: str) -> str:
    # The cache's prefix and version: sites (and test runs) sharing a Redis
    # keep their counts apart.
    return caches["default"].make_key(name)


def _batch_key(token: str) -> str:
    return _key(f"viewcounts:batch:{token}")


def count_view(article: Article) -> None:
    """Count one view of `article`: in Redis when it answers, else in the database."""
    client = redis_client()
    if client is None:
        article.count_view()
        return
    try:
        pipe = client.pipeline(transaction=False)
        pipe.hincrby(_key(PENDING), str(article.pk), 1)
        pipe.set(_key(SCHEDULED), 1, nx=True, ex=settings.VIEW_COUNT_FLUSH_SECONDS)
        _, lock_taken = pipe.execute()
    except RedisError:
        # A reply lost after Redis counted the view counts it twice: better
        # than losing it, and only while Redis fails.
        logger.warning("Redis did not answer: view counted in the database")
        article.count_view()
        return
    if lock_taken:
        schedule_flush()


def schedule_flush() -> None:
    """Enqueue a flush for the end of the interval (at once where tasks run at once)."""
    try:
        enqueue_after(flush_view_counts, settings.VIEW_COUNT_FLUSH_SECONDS)
    except Exception:
        # The views wait in Redis: the first view after the lock expires
        # enqueues the flush again.
        logger.exception("Could not enqueue the flush of view counts")


def flush() -> int:
    """Add the views pending in Redis to the articles; returns how many were added.

    Raises RedisError when Redis does not answer (the views wait there).
    """
    client = redis_client()
    if client is None:
        return 0
    # Batches a stopped flush left behind, first.
    added = sum(
        _apply(client, token.decode()) for token in client.smembers(_key(BATCHES))
    )
    token = uuid.uuid4().hex
    pipe = client.pipeline(transaction=True)
    pipe.sadd(_key(BATCHES), token)
    pipe.rename(_key(PENDING), _batch_key(token))
    _, renamed = pipe.execute(raise_on_error=False)
    if isinstance(renamed, ResponseError):  # no view since the last flush
        client.srem(_key(BATCHES), token)
    else:
        added += _apply(client, token)
    ViewCountBatch.objects.filter(applied_at__lt=timezone.now() - KEEP_TOKENS).delete()
    viewstats.prune()
    return added


def _apply(client: Redis, token: str) -> int:
    """Add one batch to the articles, once, then delete it from Redis."""
    batch = _batch_key(token)
    counts = {int(pk): int(n) for pk, n in client.hgetall(batch).items()}
    with transaction.atomic():
        # A concurrent flush adding the same batch waits here, then finds it.
        _, new = ViewCountBatch.objects.get_or_create(token=token)
        if new:
            Article.objects.add_views(counts)
    pipe = client.pipeline(transaction=True)
    pipe.delete(batch)
    pipe.srem(_key(BATCHES), token)
    pipe.execute()
    return sum(counts.values()) if new else 0


@task
def flush_view_counts() -> int:
    """The background flush the pixel enqueues; returns how many views it added."""
    return flush()
