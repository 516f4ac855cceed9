"""What a live page shows: the article's badge, its updates block and the
poll answer, each kept until the content changes (newsroom/fragments.py).

An update posted, edited or withdrawn changes the content version
(live/apps.py), so the article page and the poll answer are built again once,
for every reader; between two changes both are the same bytes for everyone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpRequest
from django.template import engines
from django.urls import reverse

from articles.models import Article
from newsroom.dates import iso_datetime
from newsroom.fragments import kept
from newsroom.timeago import label_table

from . import structured_data
from .models import LiveCoverage, LiveUpdate

# The poll answer carries the newest updates; older ones change rarely, and a
# reload shows them as they are.
POLL_UPDATES = 30
_ON_REQUEST = "_live_pages"


@dataclass
class LiveState:
    """A coverage with its visible updates, newest first."""

    coverage: LiveCoverage
    updates: list[LiveUpdate] = field(default_factory=list)

    @property
    def running(self) -> bool:
        # Start and end are never in the future (live/models.py): whether it
        # runs is a fact of the rows, the same until the content changes.
        return self.coverage.ended_at is None

    @property
    def key_events(self) -> list[LiveUpdate]:
        return [update for update in self.updates if update.key_event]

    @property
    def stamp(self) -> str:
        """Changes whenever what a reader sees of the coverage changes."""
        facts = [
            self.coverage.ended_at.isoformat() if self.coverage.ended_at else "",
            *(f"{u.pk}:{u.updated_at.isoformat()}" for u in self.updates),
        ]
        return hashlib.blake2b("|".join(facts).encode(), digest_size=10).hexdigest()


def load(article_pk: int, *, published_only: bool = False) -> LiveState | None:
    """The article's coverage and its updates, in two queries; None if none."""
    coverages = LiveCoverage.objects.filter(article_id=article_pk)
    if published_only:
        coverages = coverages.filter(article__in=Article.objects.published())
    coverage = (
        coverages.select_related("article")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=LiveUpdate.objects.visible().select_related("photo"),
                to_attr="visible_updates",
            )
        )
        .first()
    )
    if coverage is None:
        return None
    return LiveState(coverage, coverage.visible_updates)


def _render(request: HttpRequest | None, name: str, context: dict) -> str:
    return engines["jinja2"].get_template(name).render(context, request)


def update_context(state: LiveState) -> dict:
    return {
        "coverage": state.coverage,
        "article": state.coverage.article,
        "updates": state.updates,
        "key_events": state.key_events,
        "running": state.running,
        "stamp": state.stamp,
        "poll_url": reverse("live:poll", args=[state.coverage.article_id]),
        "poll_seconds": settings.LIVE_POLL_SECONDS,
        "ago_table": label_table(),
    }


def page_parts(request: HttpRequest, article: Article) -> dict[str, str]:
    """The badge and the updates block of `article`'s page ({} if not live)."""
    if not article.pk:
        return {}
    # The header's badge and the block below the body ask once per request.
    parts = getattr(request, _ON_REQUEST, None)
    if parts is None:
        parts = {}
        setattr(request, _ON_REQUEST, parts)
    if article.pk not in parts:
        parts[article.pk] = kept(
            request, f"live:{article.pk}:page", lambda: _build_page(request, article)
        )
    return parts[article.pk]


def _build_page(request: HttpRequest, article: Article) -> dict[str, str]:
    state = load(article.pk)
    if state is None:
        return {}  # kept as well: an article that is no live page asks once
    context = update_context(state) | {
        "json_ld_data": structured_data.live_blog_json_ld(
            article, state.coverage, state.updates, request=request
        )
    }
    return {
        "badge": _render(request, "live/badge.html", context),
        "block": _render(request, "live/block.html", context),
    }


def poll_answer(request: HttpRequest, article_pk: int) -> tuple[bytes, str] | None:
    """The poll's JSON and its ETag; None when the article is no live page."""
    answer = kept(
        request, f"live:{article_pk}:poll", lambda: _build_poll(request, article_pk)
    )
    return answer or None


def _build_poll(request: HttpRequest, article_pk: int) -> tuple[bytes, str] | tuple[()]:
    state = load(article_pk, published_only=True)
    if state is None:
        return ()
    context = update_context(state)
    data = {
        "stamp": state.stamp,
        "running": state.running,
        "ended": "" if state.running else _render(request, "live/ended.html", context),
        "ids": [update.pk for update in state.updates],
        "updates": [
            [
                update.pk,
                update.stamp(),
                _render(request, "live/update.html", {"update": update}),
            ]
            for update in state.updates[:POLL_UPDATES]
        ],
        "key_events": _render(request, "live/key_events.html", context),
        "modified": iso_datetime(state.updates[0].updated_at) if state.updates else "",
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return body, f'"{state.stamp}"'
