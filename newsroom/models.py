"""The background tasks' queue as the admin shows it, under the site's own names."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
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


class ArticleViewsHour(models.Model):
    """The views an article got in one hour (UTC): the editors' desk reads the
    most read of the last day and the views of each recent day from these,
    kept VIEW_STATS_DAYS days (newsroom/viewstats.py). Written where the
    article's own count is, in the same transaction."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("views in an hour")
        verbose_name_plural = _("views by hour")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "hour"], name="article_views_hour_unique"
            )
        ]
        indexes = [models.Index(fields=["hour"], name="article_views_hour_idx")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}h: {self.views}"


class HijriCalendar(models.Model):
    """The Hijri date in datelines (when HIJRI_DATES is on): the day an editor
    shifts the computed (Umm al-Qura) date by, since Morocco's month begins
    with its own sighting of the moon, often a day apart. One row."""

    day_offset = models.SmallIntegerField(
        _("day offset"),
        default=0,
        validators=[MinValueValidator(-2), MaxValueValidator(2)],
        help_text=_(
            "Days added to the Umm al-Qura date so that it matches the month "
            "announced in Morocco: -1 when the month began a day later here."
        ),
    )

    class Meta:
        verbose_name = _("Hijri calendar")
        verbose_name_plural = _("Hijri calendar")

    def __str__(self) -> str:
        return str(_("Hijri calendar"))

    def save(self, *args, **kwargs) -> None:
        # One row: a second "add" changes it.
        self.pk = 1
        super().save(*args, **kwargs)
