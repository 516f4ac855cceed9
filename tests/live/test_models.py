"""Live pages and updates: what runs, what readers see, what drops the cache."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from live.models import LiveCoverage, LiveUpdate
from newsroom import pagecache
from tests.factories import ArticleFactory
from tests.live.factories import LiveCoverageFactory, LiveUpdateFactory

pytestmark = pytest.mark.django_db


def test_running_excludes_ended_coverage_and_articles_readers_cannot_see():
    running = LiveCoverageFactory()
    LiveCoverageFactory(ended_at=timezone.now())
    LiveCoverageFactory(article=ArticleFactory(draft=True))
    LiveCoverageFactory(article=ArticleFactory(scheduled=True))

    assert list(LiveCoverage.objects.running()) == [running]


def test_ending_sets_the_time_once():
    coverage = LiveCoverageFactory()
    coverage.end()
    ended = coverage.ended_at

    assert LiveCoverage.objects.filter(pk=coverage.pk).end() == 0
    coverage.refresh_from_db()
    assert coverage.ended_at == ended
    assert not coverage.is_running()


def test_a_coverage_cannot_end_before_it_starts():
    coverage = LiveCoverageFactory()
    with pytest.raises(IntegrityError):
        LiveCoverage.objects.filter(pk=coverage.pk).update(
            ended_at=coverage.started_at - datetime.timedelta(hours=1)
        )


def test_an_update_in_the_future_is_refused():
    update = LiveUpdateFactory.build(
        coverage=LiveCoverageFactory(),
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert "published_at" in error.value.message_dict


def test_the_body_is_cleaned_whoever_saves_it():
    update = LiveUpdateFactory(
        body='<p onclick="x()">نص ٣<script>alert(1)</script></p>', title="عنوان ٥"
    )

    assert update.body == "<p>نص 3</p>"
    assert update.title == "عنوان 5"


def test_visible_updates_are_not_withdrawn_newest_first():
    coverage = LiveCoverageFactory()
    now = timezone.now()
    old = LiveUpdateFactory(
        coverage=coverage, published_at=now - datetime.timedelta(minutes=9)
    )
    new = LiveUpdateFactory(coverage=coverage, published_at=now)
    LiveUpdateFactory(coverage=coverage, withdrawn=True)

    assert list(coverage.updates.visible()) == [new, old]


def test_the_summary_is_the_headline_or_the_first_words():
    assert LiveUpdate(title="افتتاح", body="<p>نص</p>").summary() == "افتتاح"
    words = " ".join(f"كلمة{n}" for n in range(20))
    assert LiveUpdate(body=f"<p>{words}</p>").summary(words=3) == "كلمة0 كلمة1 كلمة2…"


@pytest.mark.django_db(transaction=True)
def test_withdrawing_or_ending_drops_the_cached_pages():
    update = LiveUpdateFactory()
    for change in (
        lambda: LiveUpdate.objects.filter(pk=update.pk).withdraw(),
        lambda: LiveUpdate.objects.filter(pk=update.pk).restore(),
        update.coverage.end,
    ):
        before = pagecache.content_version()
        change()
        assert pagecache.content_version() != before
