"""The editors' desk on the admin's home page: what waits for someone now.

Comments waiting (and how long the oldest has), articles in review and
scheduled for today, breaking items and live pages running, the most read of
the last 24 hours and the views of each of the last 14 days. One function
builds it in a fixed number of queries (at most five, whatever the numbers),
each panel only for those allowed to see its rows. Never cached: an editor
sees each count move right after the action that moves it.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Min, Q, Sum
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from live.models import LiveCoverage
from newsroom.timeago import ago_label

from .dates import local_date
from .models import ArticleViewsHour
from .viewstats import hour_of

CHART_DAYS = 14
MOST_READ_COUNT = 5
LIVE_PAGES_SHOWN = 10
# The chart's drawing, in SVG units: one bar a day, the newest at the line's end.
BAR_WIDTH = 16
BAR_GAP = 4
CHART_HEIGHT = 80
LABEL_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    day: datetime.date
    views: int
    x: int
    y: int
    height: int
    label: str
    # Every other day is numbered under its bar, today always.
    numbered: bool

    @property
    def label_x(self) -> int:
        return self.x + BAR_WIDTH // 2


def desk(
    user: AbstractBaseUser | AnonymousUser, now: datetime.datetime | None = None
) -> dict:
    """Every panel `user` may see, as plain values for the template."""
    now = now or timezone.now()
    context: dict = {}
    if user.has_perm("comments.view_comment") or user.has_perm(
        "comments.change_comment"
    ):
        context["comments"] = _comments(now)
    if user.has_perm("articles.view_article"):
        context["articles"] = _articles(now)
        context["most_read"] = _most_read(now)
        context["chart"] = _chart(now)
    if user.has_perm("live.view_livecoverage"):
        context["live_pages"] = _live_pages(now)
    return context


def _comments(now: datetime.datetime) -> dict:
    found = Comment.objects.filter(status=Comment.Status.PENDING).aggregate(
        waiting=Count("pk"), oldest=Min("created_at")
    )
    oldest = found["oldest"]
    return {
        "waiting": found["waiting"],
        "oldest_at": oldest,
        "oldest_age": ago_label(oldest, now) if oldest else "",
        "url": reverse("admin:comments_comment_changelist")
        + f"?status__exact={Comment.Status.PENDING}",
    }


def _articles(now: datetime.datetime) -> dict:
    local_now = timezone.localtime(now)
    tomorrow = (local_now + datetime.timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    scheduled_today = Q(
        status=Article.Status.PUBLISHED, published_at__gt=now, published_at__lt=tomorrow
    )
    counts = Article.objects.aggregate(
        review=Count("pk", filter=Q(status=Article.Status.REVIEW)),
        scheduled_today=Count("pk", filter=scheduled_today),
        breaking=Count(
            "pk", filter=Q(pk__in=Article.objects.breaking(now).values("pk"))
        ),
    )
    changelist = reverse("admin:articles_article_changelist")
    return {
        **counts,
        "review_url": f"{changelist}?status__exact={Article.Status.REVIEW}",
        "scheduled_url": f"{changelist}?"
        + urlencode(
            {
                "status__exact": Article.Status.PUBLISHED,
                "published_at__gte": timezone.localdate(now).isoformat(),
            }
        ),
        "changelist": changelist,
    }


def _live_pages(now: datetime.datetime) -> dict:
    running = list(
        LiveCoverage.objects.running(now)
        .select_related("article")
        .annotate(
            update_count=Count("updates", filter=Q(updates__withdrawn=False)),
        )
        .order_by("-started_at")[: LIVE_PAGES_SHOWN + 1]
    )
    return {
        "pages": [
            {
                "title": coverage.article.title,
                "desk_url": reverse("admin:live_livecoverage_desk", args=[coverage.pk]),
                "updates": coverage.update_count,
                "started_at": coverage.started_at,
            }
            for coverage in running[:LIVE_PAGES_SHOWN]
        ],
        "more": len(running) > LIVE_PAGES_SHOWN,
        "url": reverse("admin:live_livecoverage_changelist") + "?ended_at__isempty=1",
    }


def _most_read(now: datetime.datetime) -> list[dict]:
    since = hour_of(now) - datetime.timedelta(hours=23)
    rows = (
        ArticleViewsHour.objects.filter(hour__gte=since)
        .values("article_id", "article__title")
        .annotate(views=Sum("views"))
        .order_by("-views", "article_id")[:MOST_READ_COUNT]
    )
    return [
        {
            "title": row["article__title"],
            "views": row["views"],
            "url": reverse("admin:articles_article_change", args=[row["article_id"]]),
        }
        for row in rows
    ]


def _chart(now: datetime.datetime) -> dict:
    today = timezone.localdate(now)
    days = [today - datetime.timedelta(days=n) for n in range(CHART_DAYS - 1, -1, -1)]
    start = timezone.make_aware(datetime.datetime.combine(days[0], datetime.time.min))
    by_day: dict[datetime.date, int] = defaultdict(int)
    for row in (
        ArticleViewsHour.objects.filter(hour__gte=start)
        .values("hour")
        .annotate(views=Sum("views"))
    ):
        by_day[timezone.localdate(row["hour"])] += row["views"]
    highest = max([by_day[day] for day in days] + [1])
    width = CHART_DAYS * (BAR_WIDTH + BAR_GAP)
    bars = []
    for index, day in enumerate(days):
        views = by_day[day]
        height = round(views * CHART_HEIGHT / highest)
        if views and not height:
            height = 1  # a day with views is never an empty slot
        bars.append(
            Bar(
                day=day,
                views=views,
                # Right to left: the oldest day at the start of the line.
                x=width - (index + 1) * (BAR_WIDTH + BAR_GAP) + BAR_GAP // 2,
                y=CHART_HEIGHT - height,
                height=height,
                label=local_date(day, "MONTH_DAY_FORMAT"),
                numbered=(CHART_DAYS - 1 - index) % 2 == 0,
            )
        )
    return {
        "bars": bars,
        "total": sum(bar.views for bar in bars),
        "highest": highest if any(bar.views for bar in bars) else 0,
        "width": width,
        "height": CHART_HEIGHT + LABEL_HEIGHT,
        "bar_width": BAR_WIDTH,
        "chart_height": CHART_HEIGHT,
        "label_y": CHART_HEIGHT + LABEL_HEIGHT - 4,
    }
