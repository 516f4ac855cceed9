"""A live page: an article's coverage and the short, timestamped updates on it."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from articles.models import Article, Image
from articles.richtext import EXTENSIONS, plain_text, sanitize_body
from newsroom import pagecache
from newsroom.arabic import western_digits
from newsroom.cleaning import CleanTextModel

# A short update: text, links (a video link alone in a paragraph becomes a
# player), lists and quotes. Its photo is a field of its own, not a body image.
UPDATE_EXTENSIONS = {
    name: value
    for name, value in EXTENSIONS.items()
    if name not in {"Image", "Figure", "Caption", "Heading"}
}
# A time given "now" from a phone whose clock runs a little ahead is not the future.
CLOCK_SKEW = datetime.timedelta(minutes=2)


def not_in_the_future(value: datetime.datetime | None) -> None:
    if value is not None and value > timezone.now() + CLOCK_SKEW:
        raise ValidationError(_("This time is in the future."))


class ContentQuerySet(models.QuerySet):
    """`update()` sends no signal: readers see these rows, so it drops the
    cached pages itself (newsroom/pagecache.py)."""

    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db):
            pagecache.content_changed()
            return super().update(**kwargs)

    update.alters_data = True


class LiveCoverageQuerySet(ContentQuerySet):
    def running(self, now: datetime.datetime | None = None) -> LiveCoverageQuerySet:
        """Coverages not ended, of articles readers can see."""
        now = now or timezone.now()
        return self.filter(
            Q(ended_at__isnull=True) | Q(ended_at__gt=now),
            started_at__lte=now,
            article__status=Article.Status.PUBLISHED,
            article__published_at__lte=now,
        )

    def end(self, at: datetime.datetime | None = None) -> int:
        """End the coverages still running; returns how many."""
        return self.filter(ended_at__isnull=True).update(ended_at=at or timezone.now())


class LiveCoverage(CleanTextModel):
    """An article that is a live page, from its start until the editor ends it."""

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="live_coverage",
    )
    started_at = models.DateTimeField(
        _("coverage started"), default=timezone.now, validators=[not_in_the_future]
    )
    ended_at = models.DateTimeField(
        _("coverage ended"),
        null=True,
        blank=True,
        validators=[not_in_the_future],
        help_text=_("Empty while the coverage runs: the page shows “Live”."),
    )

    objects = LiveCoverageQuerySet.as_manager()

    class Meta:
        verbose_name = _("live page")
        verbose_name_plural = _("live pages")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="live_coverage_ends_after_start",
                violation_error_message=_("The coverage ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.article)

    def end(self, at: datetime.datetime | None = None) -> None:
        """End the coverage: the "Live" badge goes, the page stops asking."""
        type(self).objects.filter(pk=self.pk).end(at)
        self.refresh_from_db(fields=["ended_at"])

    def is_running(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.started_at <= now and (self.ended_at is None or self.ended_at > now)


class LiveUpdateQuerySet(ContentQuerySet):
    def visible(self) -> LiveUpdateQuerySet:
        """What readers see: not withdrawn, newest first."""
        # Times are never in the future (see not_in_the_future): what readers
        # see is a fact of the rows, kept until the content changes.
        return self.filter(withdrawn=False).order_by("-published_at", "-id")

    def withdraw(self) -> int:
        """Take updates off the page; returns how many."""
        return self.filter(withdrawn=False).update(withdrawn=True)

    def restore(self) -> int:
        """Show withdrawn updates again; returns how many."""
        return self.filter(withdrawn=True).update(withdrawn=False)


class LiveUpdate(CleanTextModel):
    """One short, timestamped update on a live page."""

    coverage = models.ForeignKey(
        LiveCoverage,
        verbose_name=_("live page"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    title = models.CharField(
        _("headline"),
        max_length=200,
        blank=True,
        help_text=_("Optional; a key event is listed at the top under it."),
    )
    body = ProseEditorField(
        _("text"), extensions=UPDATE_EXTENSIONS, sanitize=sanitize_body
    )
    photo = models.ForeignKey(
        Image,
        verbose_name=_("photo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="live_updates",
    )
    key_event = models.BooleanField(
        _("key event"),
        default=False,
        help_text=_("Listed at the top of the page among the key events."),
    )
    published_at = models.DateTimeField(
        _("time"), default=timezone.now, validators=[not_in_the_future]
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("A withdrawn update is no longer shown to readers."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["coverage", "-published_at"], name="live_update_page_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.summary()

    def save(self, *args, **kwargs) -> None:
        # Moroccan usage and the allow-list, whoever writes the row.
        self.title = western_digits(self.title)
        self.body = sanitize_body(western_digits(self.body))
        super().save(*args, **kwargs)

    def summary(self, words: int = 12) -> str:
        """The headline, or the first words of the text."""
        if self.title:
            return self.title
        text = plain_text(self.body).split()
        return " ".join(text[:words]) + ("…" if len(text) > words else "")

    def anchor(self) -> str:
        return f"update-{self.pk}"

    def stamp(self) -> str:
        """Changes when the update is edited: the page's script replaces it then."""
        return f"{self.updated_at.timestamp():.6f}"
