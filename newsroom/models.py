"""The background tasks' queue as the admin shows it, under the site's own names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from .cleaning import CleanTextModel


class BackgroundTask(DBTaskResult):
    """A task stored by django-tasks-db: waiting, running, done or failed."""

    class Meta:
        proxy = True
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")


class RateLimit(CleanTextModel):
    """When a key (an address, an IP, hashed) may act again: one row per key,
    written in place by newsroom.limits in the transaction of the action it
    limits, so an action rolled back takes no turn."""

    # An HMAC of the key: no address or IP can be read back from the table.
    key = models.CharField(max_length=64, primary_key=True)
    until = models.DateTimeField()

    class Meta:
        verbose_name = _("rate limit")
        verbose_name_plural = _("rate limits")

    def __str__(self) -> str:
        return self.key
