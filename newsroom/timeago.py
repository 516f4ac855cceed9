"""How long ago something happened, as readers say it: "منذ 5 دقائق".

The server writes these on pages nobody caches (the editors' desk). Reader
pages are the same bytes for hours, so they carry the absolute time and the
table of these labels (`label_table`), and the page's script picks the label
as the minutes pass (static/js/live.js for live updates, static/js/since.js
for the dates in lists).
"""

from __future__ import annotations

import datetime
import json
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

# Past a day, the date says it better.
RECENT_HOURS = 24


def ago_label(value: datetime.datetime, now: datetime.datetime | None = None) -> str:
    """ "just now", "5 minutes ago", "3 hours ago", "2 days ago"."""
    seconds = ((now or timezone.now()) - value).total_seconds()
    minutes = int(seconds // 60)
    if minutes < 1:
        return gettext("just now")
    if minutes < 60:
        return minutes_ago(minutes)
    hours = minutes // 60
    if hours < RECENT_HOURS:
        return hours_ago(hours)
    return days_ago(hours // 24)


def minutes_ago(count: int) -> str:
    return ngettext("%(counter)s minute ago", "%(counter)s minutes ago", count) % {
        "counter": count
    }


def hours_ago(count: int) -> str:
    return ngettext("%(counter)s hour ago", "%(counter)s hours ago", count) % {
        "counter": count
    }


def days_ago(count: int) -> str:
    return ngettext("%(counter)s day ago", "%(counter)s days ago", count) % {
        "counter": count
    }


def label_table() -> str:
    """The labels of the last day as JSON, for the reader page's script:
    `now`, `m` (index: minutes, 0-59) and `h` (index: hours, 0-23)."""
    return _table(get_language())


@lru_cache(maxsize=8)
def _table(language: str) -> str:
    # `language` is in the key only: gettext reads the active one.
    return json.dumps(
        {
            "now": gettext("just now"),
            "m": [minutes_ago(n) for n in range(60)],
            "h": [hours_ago(n) for n in range(RECENT_HOURS)],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
