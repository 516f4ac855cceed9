from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.arabic import normalize


def email_key(email: str) -> str:
    """The address as compared: case folded, surrounding space dropped."""
    return email.strip().casefold()


def body_key(body: str) -> str:
    """A fingerprint of the text as an Arabic reader reads it (for duplicates)."""
    return hashlib.sha256(normalize(body).encode()).hexdigest()


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        return self.filter(status=Comment.Status.APPROVED)

    def of_address(self, email: str) -> CommentQuerySet:
        """Every comment left with this address, whatever its case."""
        return self.filter(email_key=email_key(email))

    def for_thread(self, article_id: int) -> CommentQuerySet:
        """What the article page shows: its approved comments, oldest first."""
        return (
            self.approved()
            .filter(article_id=article_id)
            .only(
                "id",
                "article_id",
                "parent_id",
                "depth",
                "name",
                "url",
                "body",
                "created_at",
                "status",
                "erased_at",
                "user_id",
            )
            .order_by("created_at", "pk")
        )


class Comment(models.Model):
    """A reader's comment on an article; shown only once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    # Limits are in characters, as WordPress's columns are (an Arabic name of
    # 245 letters fits).
    name = models.CharField(_("name"), max_length=245, blank=True)
    email = models.EmailField(_("email"), max_length=100, blank=True)
    url = models.URLField(_("website"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=65525, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    # Set on the site's own replies, written by staff in the admin.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    email_key = models.CharField(max_length=100, blank=True, editable=False)
    body_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["email_key"], name="comment_email_idx"),
            models.Index(fields=["ip", "-created_at"], name="comment_ip_idx"),
        ]
        constraints = [
            # The same text twice from the same address on the same article
            # (a double click) is stored once, even when both arrive together.
            models.UniqueConstraint(
                fields=["article", "email_key", "body_key"],
                condition=~Q(email_key="") & ~Q(body_key=""),
                name="comment_once_per_author_and_text",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(_("Anonymous"))

    def save(self, *args, **kwargs) -> None:
        self.email_key = email_key(self.email)
        self.body_key = body_key(self.body) if self.body else ""
        if self.parent_id and not self.depth:
            self.depth = self.parent.depth + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_site_reply(self) -> bool:
        # Only staff write with a user attached (from the admin); the mark stays
        # if the author later leaves the team.
        return self.user_id is not None

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class Commenter(models.Model):
    """An address whose owner proved it by following the link mailed to it."""

    email_key = models.CharField(max_length=100, unique=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commenter")
        verbose_name_plural = _("commenters")

    def __str__(self) -> str:
        return self.email_key
