"""Site-wide rate limits, kept in the database: one row per key, written in place.

A limit is taken in the transaction of the action it limits (a comment's
INSERT): an action that fails or is rolled back takes no turn, and of two
actions at once only one passes. PostgreSQL locks the key's row until the first
one's transaction ends, and the second then sees its turn taken; SQLite writes
one transaction at a time. Every worker and every machine share the limit, and
it holds whether the cache answers or not.

Rows whose time has passed are overwritten in place by the next action with
the same key, and deleted by `forget_expired()` (run by the daily retention
job, `manage.py comments_forget_network_data`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.transaction import TransactionManagementError
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimit


class TooSoon(Exception):
    """A key's last turn was too recent: the caller's transaction must roll back."""


def key(*parts: str) -> str:
    """A limit's key from its parts ("comments", "ip", "198.51.100.7").

    Keyed with SECRET_KEY: an IP address cannot be found back by hashing every
    address there is.
    """
    return salted_hmac(
        "newsroom.limits", "\x1f".join(parts), algorithm="sha256"
    ).hexdigest()


def take(keys: Iterable[str], seconds: float, using: str = DEFAULT_DB_ALIAS) -> None:
    """Take a turn for every key, or raise TooSoon if any had one in the last
    `seconds`. One query, whatever the table holds.

    Only inside a transaction (`transaction.atomic()`): when it raises, the turns
    it did take are undone with the rest of the transaction.
    """
    keys = list(dict.fromkeys(keys))
    if not keys or seconds <= 0:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        raise TransactionManagementError("limits.take() needs a transaction.")
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    until = adapt(now + datetime.timedelta(seconds=seconds))
    quote = connection.ops.quote_name
    table = quote(RateLimit._meta.db_table)
    # An upsert whose update is conditional: a key is written (and returned)
    # when it is new or its time has passed; a key still waiting is left as it
    # is and not returned. Both PostgreSQL and SQLite (3.35+) speak this SQL.
    sql = (
        f"INSERT INTO {table} ({quote('key')}, {quote('until')}) "
        f"VALUES {', '.join(['(%s, %s)'] * len(keys))} "
        f"ON CONFLICT ({quote('key')}) DO UPDATE "
        f"SET {quote('until')} = EXCLUDED.{quote('until')} "
        f"WHERE {table}.{quote('until')} <= %s "
        f"RETURNING {quote('key')}"
    )
    params = [value for k in keys for value in (k, until)] + [adapt(now)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        taken = len(cursor.fetchall())
    if taken < len(keys):
        raise TooSoon


def forget_expired(using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete the keys whose time has passed; returns how many."""
    deleted, _ = (
        RateLimit.objects.using(using).filter(until__lte=timezone.now()).delete()
    )
    return deleted
