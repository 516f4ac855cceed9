"""The Redis cache backend reuses its client instead of building one per call."""

from __future__ import annotations

import pytest
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from newsroom.cache import RedisCache
from tests.helpers import redis_answers


@pytest.fixture
def redis_cache():
    if not redis_answers():
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    cache = RedisCache("redis://127.0.0.1:6379/13", {"KEY_PREFIX": "tests-backend"})
    yield cache
    cache.clear()


def test_calls_share_one_client_per_server(redis_cache):
    redis_cache.set("a", {"value": 1}, DEFAULT_TIMEOUT)

    assert redis_cache.get("a") == {"value": 1}
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)


def test_a_redis_that_went_away_and_came_back_answers_again(redis_cache):
    redis_cache.set("a", 1)
    # Every connection the pool holds is cut, as by a Redis restart.
    redis_cache._cache.get_client().connection_pool.disconnect()

    assert redis_cache.get("a") == 1
