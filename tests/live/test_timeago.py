"""How long ago, as readers and editors read it; Arabic plural forms."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone, translation

from newsroom.timeago import ago_label, label_table

NOW = datetime.datetime(2026, 3, 14, 12, 0, tzinfo=datetime.UTC)


def before(**delta) -> datetime.datetime:
    return NOW - datetime.timedelta(**delta)


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        ({"seconds": 20}, "just now"),
        ({"minutes": 1}, "1 minute ago"),
        ({"minutes": 5, "seconds": 59}, "5 minutes ago"),
        ({"minutes": 59}, "59 minutes ago"),
        ({"minutes": 60}, "1 hour ago"),
        ({"hours": 23, "minutes": 59}, "23 hours ago"),
        ({"hours": 24}, "1 day ago"),
        ({"days": 3, "hours": 2}, "3 days ago"),
    ],
)
def test_labels_by_elapsed_time(delta, label):
    with translation.override("en"):
        assert ago_label(before(**delta), NOW) == label


def test_the_clock_is_the_callers_or_djangos(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    with translation.override("en"):
        assert ago_label(before(minutes=7)) == "7 minutes ago"


# Arabic's six plural forms (locale/ar: the catalogue carries these messages).
@pytest.mark.parametrize(
    ("minutes", "label"),
    [
        (1, "منذ دقيقة"),
        (2, "منذ دقيقتين"),
        (5, "منذ 5 دقائق"),
        (10, "منذ 10 دقائق"),
        (11, "منذ 11 دقيقة"),
        (45, "منذ 45 دقيقة"),
    ],
)
def test_arabic_plural_forms(minutes, label):
    with translation.override("ar"):
        assert ago_label(before(minutes=minutes), NOW) == label


def test_the_reader_pages_table_holds_the_same_labels():
    with translation.override("en"):
        table = json.loads(label_table())
        assert table["now"] == "just now"
        assert table["m"][5] == ago_label(before(minutes=5), NOW)
        assert table["h"][3] == ago_label(before(hours=3), NOW)
        assert len(table["m"]) == 60
        assert len(table["h"]) == 24
