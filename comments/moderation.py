"""Moderating comments: one code path for approve, spam, trash and restore, used by
the admin, the commands and tests alike, and the site's own replies."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment
from .posting import CommentRefused


def set_status(comments: QuerySet | Iterable[Comment], status: str, by=None) -> int:
    """Approve, mark as spam, trash or restore comments; returns how many changed.

    The articles' stored counts move in the same transaction (CommentQuerySet).
    """
    ids = (
        list(comments.values_list("pk", flat=True))
        if isinstance(comments, QuerySet)
        else [c.pk for c in comments]
    )
    return (
        Comment.objects.filter(pk__in=ids)
        .exclude(status=status)
        .update(status=status, moderated_at=timezone.now(), moderated_by=by)
    )


def approve(comment: Comment, by=None) -> None:
    set_status([comment], Comment.Status.APPROVED, by)
    comment.refresh_from_db(fields=["status", "moderated_at", "moderated_by"])


def staff_reply(parent: Comment, body: str, by) -> Comment:
    """The site's own reply to a comment, approved at once.

    The same rule as a reader's reply (Comment.can_take_reply).
    """
    if parent.status != Comment.Status.APPROVED:
        raise CommentRefused(_("The comment you are replying to cannot be answered."))
    if parent.thread_is_full:
        raise CommentRefused(_("This conversation is too deep to reply to here."))
    return Comment.objects.create(
        article=parent.article,
        parent=parent,
        name=settings.SITE_NAME,
        body=body,
        user=by,
        status=Comment.Status.APPROVED,
        moderated_at=timezone.now(),
        moderated_by=by,
    )
