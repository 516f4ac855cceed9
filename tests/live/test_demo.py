"""The demo's live page: several updates, one key event, one with a photo."""

from __future__ import annotations

import re

import pytest

from live.models import LiveCoverage
from tests.helpers import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_running_live_page(client):
    load_demo()

    coverage = LiveCoverage.objects.running().get()
    updates = coverage.updates.visible()
    assert updates.count() >= 3
    assert updates.filter(key_event=True).count() == 1
    assert updates.filter(photo__isnull=False).count() == 1
    page = client.get(coverage.article.get_absolute_url()).content.decode()
    assert len(re.findall(r'<li class="live-update[^"]*" id=', page)) == updates.count()


def test_loading_the_demo_again_keeps_one_live_page():
    load_demo()
    load_demo()

    assert LiveCoverage.objects.get().updates.count() == 4


def test_the_demo_gives_the_desk_a_reading_history(editor):
    load_demo()
    from newsroom.desk import desk
    from newsroom.models import ArticleViewsHour

    panels = desk(editor)

    assert len(panels["most_read"]) >= 3
    assert panels["chart"]["total"] > 0
    assert sum(1 for bar in panels["chart"]["bars"] if bar.views) >= 7
    rows = ArticleViewsHour.objects.count()
    load_demo()
    assert ArticleViewsHour.objects.count() == rows
