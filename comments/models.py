from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    name = models.CharField(_("name"), max_length=245)
    email = models.EmailField(_("email"), max_length=100)
    body = models.TextField(_("comment"), max_length=65525)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("Sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("Comments")
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name
