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
