"""How the reader pages print dates, counts and addresses.

A list page prints these for every row, so each is a plain function, and the
costly ones (a date's month name, a cut lede) are worked out once per process.
The plural messages are the ones the templates used to hold.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.http import HttpRequest
from django.template.defaultfilters import truncatewords
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

from newsroom import dates

from .models import DatePrecision, Position

# Ledes shown on list pages, each cut once per process.
CACHED_EXCERPTS = 5_000

# How much of a date is printed for each precision: "24 أكتوبر 2025",
# "أكتوبر 2025", "2025". Day and month formats come from newsroom.formats.
PRECISION_FORMATS = {
    DatePrecision.DAY: "DATE_FORMAT",
    DatePrecision.MONTH: "YEAR_MONTH_FORMAT",
    DatePrecision.YEAR: "Y",
}
PRECISION_ISO = {
    DatePrecision.DAY: "%Y-%m-%d",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.YEAR: "%Y",
}


def local_date(value: datetime.date | None, format_name: str = "DATE_FORMAT") -> str:
    """`|date:format_name` in Django's templates: local time, Moroccan months."""
    return dates.local_date(value, format_name)


def dateline(value: datetime.datetime | None) -> str:
    """ "الجمعة 24 أكتوبر 2025 - 16:05": weekday, date and time."""
    return dates.local_date(value, dates.DATELINE_FORMAT)


def isoformat(value: datetime.date) -> str:
    """`|date:"c"`: ISO 8601 in the site's time zone, with its offset."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = value.astimezone(timezone.get_current_timezone())
    return value.isoformat()


def excerpt(text: str, words: int = 40) -> str:
    """`|truncatewords:words`, cut once per text."""
    return _excerpt(text, words) if text else ""


@lru_cache(maxsize=CACHED_EXCERPTS)
def _excerpt(text: str, words: int) -> str:
    return truncatewords(text, words)


def comments_label(count: int) -> str:
    """How many comments: "تعليقان"."""
    return ngettext("%(counter)s comment", "%(counter)s comments", count) % {
        "counter": count
    }


def views_label(count: int) -> str:
    """How many times the article was read."""
    return ngettext("%(counter)s view", "%(counter)s views", count) % {"counter": count}


def minutes_label(count: int) -> str:
    """How long the article takes to read."""
    return ngettext("%(counter)s minute read", "%(counter)s minutes read", count) % {
        "counter": count
    }


def articles_label(count: int) -> str:
    """How many articles (a month's, an event's, a search's)."""
    return ngettext("%(counter)s article", "%(counter)s articles", count) % {
        "counter": count
    }


def partial_date(
    value: datetime.date | None, precision: str = DatePrecision.DAY
) -> str:
    """A date printed only as far as it is known: day, month or year."""
    if not value:
        return ""
    fmt = PRECISION_FORMATS.get(precision, "DATE_FORMAT")
    return date_format(value, fmt)


def partial_date_iso(
    value: datetime.date | None, precision: str = DatePrecision.DAY
) -> str:
    """The same date for a <time datetime>: 2025-10-24, 2025-10 or 2025."""
    if not value:
        return ""
    return value.strftime(PRECISION_ISO.get(precision, "%Y-%m-%d"))


def _time_element(value: datetime.date | None, precision: str) -> str:
    if not value:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        partial_date_iso(value, precision),
        partial_date(value, precision),
    )


def position_dates(position: Position) -> SafeString | str:
    """When a position was held, as far as its dates are known."""
    start = _time_element(position.start_date, position.start_precision)
    end = _time_element(position.end_date, position.end_precision)
    if start and end:
        return format_html(_("From {start} to {end}"), start=start, end=end)
    if start:
        return format_html(_("Since {start}"), start=start)
    if end:
        return format_html(_("Until {end}"), end=end)
    return ""


def chevron(towards: str = "end") -> str:
    """A "‹" or "›" pointing to the line's start or end in the page's direction.

    Browsers do not mirror these marks in right-to-left text, so the direction is
    chosen here rather than left to the bidi algorithm.
    """
    points_left = (towards == "end") == get_language_bidi()
    return "‹" if points_left else "›"


def absolute_uri(request: HttpRequest | None, url: str) -> str:
    """`url` with this site's scheme and host (for og:image); as is if absolute."""
    if request is None or not url:
        return url
    return request.build_absolute_uri(url)


def canonical_url(request: HttpRequest | None) -> str:
    """This page's address without tracking parameters; `?page=` kept past 1."""
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    # Any page's URL can carry `?page=`: only a plausible number is read.
    if page.isascii() and page.isdigit() and len(page) <= 9 and int(page) > 1:
        url += f"?page={int(page)}"
    return url
