"""The background tasks' queue as the admin shows it, under the site's own names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class BackgroundTask(DBTaskResult):
    """A task stored by django-tasks-db: waiting, running, done or failed."""

    class Meta:
        proxy = True
        verbose_name = _("background task")
        verbose_name_plural = _("background tasks")
