"""Views by article and hour, for the editors' desk: the most read of the last
24 hours and the views of each of the last days.

An article's `view_count` says how often it was read since it appeared; the
desk asks what is read now. Each write of views to the articles
(`Article.count_view`, `ArticleQuerySet.add_views`) adds them here in the same
transaction: one upsert for any number of articles. Rows older than
VIEW_STATS_DAYS are deleted by each batch flush (articles/viewcounts.py), and
without Redis by one view an hour in each process.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Mapping

from django.db import connections, router
from django.utils import timezone

from .models import ArticleViewsHour

# The chart shows 14 days; a day more, so that the oldest is whole in any zone.
VIEW_STATS_DAYS = 15
# Without Redis each view is written alone and no flush prunes: the first view
# a process counts, then one an hour, also deletes the old rows.
PRUNE_EVERY_SECONDS = 3600
_last_prune: float | None = None


def hour_of(moment: datetime.datetime) -> datetime.datetime:
    """The start of the UTC hour `moment` falls in."""
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def record(counts: Mapping[int, int], at: datetime.datetime | None = None) -> None:
    """Add views (article id -> how many) to the current hour's rows."""
    rows = [(pk, n) for pk, n in sorted(counts.items()) if n > 0]
    if not rows:
        return
    hour = hour_of(at or timezone.now())
    table = ArticleViewsHour._meta.db_table
    connection = connections[router.db_for_write(ArticleViewsHour)]
    hour_value = connection.ops.adapt_datetimefield_value(hour)
    # Concurrent writers add to the same row: the database does the sum.
    placeholders = ", ".join(["(%s, %s, %s)"] * len(rows))
    params = [value for pk, n in rows for value in (pk, hour_value, n)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, hour, views) VALUES {placeholders} "  # noqa: S608
            f"ON CONFLICT (article_id, hour) "
            f"DO UPDATE SET views = {table}.views + EXCLUDED.views",
            params,
        )


def prune(now: datetime.datetime | None = None) -> int:
    """Delete the rows older than the desk shows; returns how many."""
    limit = hour_of(now or timezone.now()) - datetime.timedelta(days=VIEW_STATS_DAYS)
    deleted, _ = ArticleViewsHour.objects.filter(hour__lt=limit).delete()
    return deleted


def prune_now_and_then() -> None:
    """`prune()`, at most once every PRUNE_EVERY_SECONDS in this process."""
    global _last_prune
    now = time.monotonic()
    if _last_prune is None or now - _last_prune >= PRUNE_EVERY_SECONDS:
        _last_prune = now
        prune()
