"""Dates as machines read them (ISO 8601 in the site's time zone, with its
offset) and as readers do (Moroccan month names), the latter remembered."""

from __future__ import annotations

import datetime
from functools import lru_cache

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import get_language
from hijridate import Gregorian

from .fragments import kept

# Every date a busy site prints in a day, many times over.
CACHED_DATES = 20_000
# An article's dateline as Moroccan outlets print it: the weekday, the date and
# the 24-hour time, "الجمعة 24 أكتوبر 2025 - 16:05".
DATELINE_FORMAT = "l j F Y - H:i"


def iso_datetime(value: datetime.datetime) -> str:
    """2025-10-24T18:30:00+01:00: local time in Casablanca, with its offset."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def local_date(value: datetime.date | None, format_name: str = "DATE_FORMAT") -> str:
    """What `{{ value|date:format_name }}` prints, formatted once per process.

    Formatting looks up each month name in the catalogue, tens of microseconds
    a date; the answer depends only on the date, the format, the time zone and
    the language, which are the key.
    """
    if not value:
        return ""
    zone = timezone.get_current_timezone_name()
    return _formatted(value, format_name, zone, get_language())


@lru_cache(maxsize=CACHED_DATES)
def _formatted(value: datetime.date, format_name: str, zone: str, language: str) -> str:
    # `zone` and `language` are in the key only: these functions read them.
    return date_filter(timezone.template_localtime(value), format_name)


def hijri_date(value: datetime.datetime | datetime.date | None) -> str:
    """ "12 ربيع الأول 1447": the Umm al-Qura date of `value` (in Casablanca),
    shifted by the editors' day offset; "" when HIJRI_DATES is off."""
    if not value or not settings.HIJRI_DATES:
        return ""
    day = value
    if isinstance(value, datetime.datetime):
        day = timezone.localtime(value).date()
    day += datetime.timedelta(days=hijri_offset())
    try:
        hijri = Gregorian.fromdate(day).to_hijri()
    except OverflowError:  # outside Umm al-Qura's table (1343-1500 AH)
        return ""
    return f"{hijri.day} {hijri.month_name('ar')} {hijri.year}"


def hijri_offset() -> int:
    """The editors' day offset, kept until the content changes."""
    from .models import HijriCalendar  # models import this module's callers

    def read() -> int:
        calendar = HijriCalendar.objects.first()
        return calendar.day_offset if calendar else 0

    return kept(None, "hijri-offset", read)
