"""Django's Redis cache, with one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache call, and each one copies
redis-py's table of about 170 response callbacks: a quarter of a millisecond a
call, and a page asks the cache several times. A client is safe to share between
calls (and threads): the pool hands each command its own connection.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
