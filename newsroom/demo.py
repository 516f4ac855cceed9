"""The demo's reading history: views by hour over the last two weeks, so the
editors' desk shows its most read and its chart at once (newsroom/desk.py)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from articles.models import Article

from .models import ArticleViewsHour
from .viewstats import VIEW_STATS_DAYS, hour_of

# Hours of the day readers read in, Casablanca's morning to night (UTC+1).
READING_HOURS = (6, 7, 8, 11, 12, 13, 17, 18, 19, 20, 21)


def load_view_history(now: datetime.datetime | None = None) -> int:
    """Views spread over each published article's last two weeks; none when the
    history already holds recent rows (a second run changes nothing)."""
    now = hour_of(now or timezone.now())
    start = now - datetime.timedelta(days=VIEW_STATS_DAYS - 1)
    if ArticleViewsHour.objects.filter(hour__gte=start).exists():
        return 0
    rows = []
    for article in Article.objects.published().only("id", "published_at"):
        rng = random.Random(article.pk)
        first = max(hour_of(article.published_at), start)
        day = first.replace(hour=0)
        while day <= now:
            for hour in rng.sample(READING_HOURS, 4):
                moment = day.replace(hour=hour)
                if first <= moment <= now:
                    rows.append(
                        ArticleViewsHour(
                            article=article, hour=moment, views=rng.randint(3, 40)
                        )
                    )
            day += datetime.timedelta(days=1)
    ArticleViewsHour.objects.bulk_create(rows)
    return len(rows)
