"""Dates as machines read them: ISO 8601 in the site's time zone, with its offset."""

from __future__ import annotations

import datetime

from django.utils import timezone


def iso_datetime(value: datetime.datetime) -> str:
    """2025-10-24T18:30:00+01:00: local time in Casablanca, with its offset."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
