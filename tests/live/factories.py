"""Factories for live pages and their updates."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from live.models import LiveCoverage, LiveUpdate
from tests.factories import ArticleFactory


class LiveCoverageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveCoverage

    article = factory.SubFactory(
        ArticleFactory, title=factory.Sequence(lambda n: f"مباشر: دورة المجلس رقم {n}")
    )
    started_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(minutes=50)
    )


class LiveUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveUpdate

    coverage = factory.SubFactory(LiveCoverageFactory)
    body = factory.Sequence(
        lambda n: f"<p>تحديث رقم {n}: الأغلبية تصوت على النقطة.</p>"
    )
    published_at = factory.LazyFunction(timezone.now)
