"""Corrections and updates: dated notes an editor adds to a published article.

The one way to add or withdraw a note, for the admin and any other caller: the
note's history (the admin's log) says who did it, and the article's time of
last change moves with it in the same transaction (its "last updated" line,
JSON-LD dateModified, the feeds' and sitemaps' dates). A note is never
deleted: withdrawing keeps it, with who, when and why, and says so in its
history. Notes are not versioned with the article (django-reversion), so
restoring an old version of the article brings no withdrawn note back.
"""

from __future__ import annotations

import datetime

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import Article, Correction


def add(
    article: Article, *, kind: str, text: str, by: AbstractBaseUser | None
) -> Correction:
    """Publish a note on `article` now; refused (ValidationError) unless readers
    can see the article."""
    return publish(Correction(article=article, kind=kind, text=text), by=by)


def publish(note: Correction, *, by: AbstractBaseUser | None) -> Correction:
    """Save a new note (an admin form's, say) dated now, written by `by`."""
    note.created_by = by
    note.published_at = timezone.now()
    note.full_clean()
    with transaction.atomic():
        note.save()
        _touch(note.article, note.published_at)
        _log(note, ADDITION, gettext("Correction or update added."), by)
    return note


def withdraw(correction: Correction, *, reason: str, by: AbstractBaseUser) -> None:
    """Take a note off the site, saying why; the row and its history stay."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(gettext("Say why the note is withdrawn."))
    if correction.is_withdrawn():
        return
    with transaction.atomic():
        correction.withdrawn_at = timezone.now()
        correction.withdrawn_by = by
        correction.withdrawal_reason = reason
        correction.save()
        _touch(correction.article, correction.withdrawn_at)
        message = gettext("Withdrawn: {reason}").format(reason=reason)
        _log(correction, CHANGE, message, by)


def _touch(article: Article, when: datetime.datetime) -> None:
    # update() writes no auto_now field: both dates are given. It also drops
    # the cached pages when the transaction commits.
    Article.objects.filter(pk=article.pk).update(
        content_updated_at=when, updated_at=when
    )
    article.content_updated_at = article.updated_at = when


def _log(
    note: Correction, flag: int, message: str, by: AbstractBaseUser | None
) -> None:
    # The note's history page in the admin. A change made by no one (the demo
    # loader) has no entry there; the row itself still says what happened.
    if by is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[note],
            action_flag=flag,
            change_message=message,
            single_object=True,
        )
