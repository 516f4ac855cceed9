"""Template helpers for the reader-facing pages."""

from __future__ import annotations

import datetime

from django import template
from django.template.context import Context
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from articles.models import DatePrecision, Position

register = template.Library()

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


@register.filter
def partial_date(
    value: datetime.date | None, precision: str = DatePrecision.DAY
) -> str:
    """A date printed only as far as it is known: day, month or year."""
    if not value:
        return ""
    fmt = PRECISION_FORMATS.get(precision, "DATE_FORMAT")
    return date_format(value, fmt)


@register.filter
def partial_date_iso(
    value: datetime.date | None, precision: str = DatePrecision.DAY
) -> str:
    """The same date for a <time datetime>: 2025-10-24, 2025-10 or 2025."""
    if not value:
        return ""
    return value.strftime(PRECISION_ISO.get(precision, "%Y-%m-%d"))


@register.simple_tag(takes_context=True)
def absolute_uri(context: Context, url: str) -> str:
    """`url` with this site's scheme and host (for og:image); as is if absolute."""
    request = context.get("request")
    if request is None or not url:
        return url
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def canonical_url(context: Context) -> str:
    """This page's address without tracking parameters; `?page=` kept past 1."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        url += f"?page={int(page)}"
    return url


def _time_element(value: datetime.date | None, precision: str) -> str:
    if not value:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        partial_date_iso(value, precision),
        partial_date(value, precision),
    )


@register.simple_tag
def position_dates(position: Position) -> str:
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


@register.simple_tag
def chevron(towards: str = "end") -> str:
    """A "‹" or "›" pointing to the line's start or end in the page's direction.

    Browsers do not mirror these marks in right-to-left text, so the direction is
    chosen here rather than left to the bidi algorithm.
    """
    points_left = (towards == "end") == get_language_bidi()
    return "‹" if points_left else "›"
