"""Breaking news (عاجل): an editor marks a published article until a given time.

While it lasts, the bar on every reader page links to it (the newest first, at
most BAR_SIZE) and the home page leads with it. The bar is a fragment kept
under the content version (newsroom/fragments.py): no query on a page once it
is kept. Marking or ending drops the version, so pages, feeds and sitemaps are
rendered afresh at once; and since nothing in the database changes when a
breaking time simply runs out, the version also ends by itself at the first
breaking end to come (`ArticleQuerySet.next_breaking_end`, one of the page
cache's SCHEDULES): the kept bar, cached pages and their ETags go with it.
"""

from __future__ import annotations

import datetime

import reversion
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from newsroom.fragments import kept

from .models import Article

# The bar lists this many at most; the home page leads with the first.
BAR_SIZE = 3
# How long an article stays breaking when the editor gives no end.
DEFAULT_DURATION = datetime.timedelta(hours=3)


def current(request: HttpRequest | None) -> list[Article]:
    """The breaking articles, newest first: kept until the content changes, or
    until the first of them ends."""
    return kept(
        request,
        "breaking",
        lambda: list(Article.objects.breaking().for_listing()[:BAR_SIZE]),
    )


def mark(
    articles: QuerySet,
    *,
    by: AbstractBaseUser | None,
    until: datetime.datetime | None = None,
) -> int:
    """Make the published ones among `articles` breaking news until `until`
    (DEFAULT_DURATION from now when not given); returns how many."""
    until = until or timezone.now() + DEFAULT_DURATION
    return _set(
        articles.filter(status=Article.Status.PUBLISHED),
        until,
        gettext("Marked as breaking news."),
        by,
    )


def end(articles: QuerySet, *, by: AbstractBaseUser | None) -> int:
    """End the breaking time of `articles` now; returns how many were breaking."""
    return _set(
        articles.filter(breaking_until__gt=timezone.now()),
        None,
        gettext("Breaking news ended."),
        by,
    )


def _set(
    articles: QuerySet,
    until: datetime.datetime | None,
    comment: str,
    by: AbstractBaseUser | None,
) -> int:
    ids = list(articles.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        # One UPDATE, which drops the cached pages when it commits.
        count = Article.objects.filter(pk__in=ids).update(breaking_until=until)
        # The history says who made it breaking, and until when.
        with reversion.create_revision():
            if by is not None:
                reversion.set_user(by)
            reversion.set_comment(comment)
            for article in Article.objects.filter(pk__in=ids):
                reversion.add_to_revision(article)
    return count
