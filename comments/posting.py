"""Posting a reader's comment: who is asking, whether the article takes comments,
what status the rules give it, and the refusals that store nothing."""

from __future__ import annotations

import datetime
import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom import limits

from . import spam, stamps
from .forms import EXPIRED
from .models import Comment, body_key, email_key
from .notifications import schedule_digest
from .stamps import Stamp

logger = logging.getLogger(__name__)


class StampUsedUp(Exception):
    """The form's stamp was served to another address or stored its comments."""


class CommentRefused(Exception):
    """A comment that is not stored, with the reader's explanation."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def client_ip(request: HttpRequest) -> str | None:
    """The reader's address: the connecting one, or the one the trusted proxies saw.

    X-Forwarded-For is believed only as far as COMMENTS_TRUSTED_PROXIES proxies
    appended to it; anything a client wrote further left is ignored.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.COMMENTS_TRUSTED_PROXIES
    if proxies:
        hops = [
            h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def comments_open(article: Article) -> bool:
    """Open: the article's switch is on and it is not older than the setting."""
    if not article.comments_enabled or not article.is_published():
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or article.published_at >= timezone.now() - datetime.timedelta(
        days=days
    )


@dataclass
class Submission:
    """What a reader sent, already validated by the form."""

    article: Article
    name: str
    email: str
    url: str
    body: str
    parent: Comment | None = None
    looks_automated: bool = False
    ip: str | None = None
    user_agent: str = ""
    trusted: bool = False
    # The form's stamp (comments/stamps.py): a comment stored uses it once.
    stamp: Stamp | None = None


def initial_status(s: Submission) -> str:
    """Spam, held or (for a proven, trusted commenter) approved."""
    texts = [s.name, s.email, s.url, s.body]
    if spam.looks_like_spam(texts, s.looks_automated):
        return Comment.Status.SPAM
    if spam.needs_moderation(texts, s.body):
        return Comment.Status.PENDING
    if settings.COMMENTS_TRUST_CONFIRMED and s.trusted:
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


def _take_flood_turn(s: Submission) -> None:
    """One comment per address and per IP every COMMENTS_FLOOD_SECONDS, counted
    in the database in the comment's own transaction (newsroom.limits): a post
    that is not stored takes no turn, and the limit holds across workers and
    machines whether the cache answers or not."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds:
        return
    keys = [limits.key("comments", "email", email_key(s.email))]
    if s.ip:
        keys.append(limits.key("comments", "ip", s.ip))
    limits.take(keys, seconds)


def _too_quick() -> CommentRefused:
    return CommentRefused(
        _(
            "You are commenting too quickly. Please wait a few seconds "
            "and send your comment again."
        ),
        status=429,
    )


def busy() -> CommentRefused:
    """The database did not answer in time (a lock held too long): nothing was
    stored, and the reader may send the same form again."""
    return CommentRefused(
        _(
            "The site is busy and could not save your comment. Please send "
            "it again in a moment."
        ),
        status=503,
    )


def _duplicate() -> CommentRefused:
    return CommentRefused(
        _("You have already sent this comment on this article."), status=409
    )


def post_comment(s: Submission) -> Comment:
    """Store a reader's comment under the moderation rules, or refuse it."""
    if not comments_open(s.article):
        raise CommentRefused(_("Comments are closed on this article."), status=403)
    comment = Comment(
        article=s.article,
        parent=s.parent,
        name=s.name,
        email=s.email,
        url=s.url,
        body=s.body,
        ip=s.ip,
        user_agent=s.user_agent[:500],
        status=initial_status(s),
    )
    if Comment.objects.filter(
        article=s.article, email_key=email_key(s.email), body_key=body_key(s.body)
    ).exists():
        raise _duplicate()
    try:
        # One transaction: the flood limit's turn and the stamp's use are taken
        # only if the comment is stored.
        with transaction.atomic():
            _take_flood_turn(s)
            if s.stamp is not None and not stamps.spend(s.stamp, s.ip):
                raise StampUsedUp
            comment.save()
    except limits.TooSoon as exc:
        raise _too_quick() from exc
    except StampUsedUp as exc:
        raise CommentRefused(EXPIRED) from exc
    except IntegrityError as exc:  # the other click of a double click won
        raise _duplicate() from exc
    except OperationalError as exc:
        # A lock held too long (PostgreSQL's lock_timeout, SQLite's "database
        # is locked") or a database gone: nothing was stored, the reader keeps
        # the text and may send it again.
        logger.warning("Comment not stored: %s", exc)
        raise busy() from exc
    if comment.status == Comment.Status.PENDING:
        # robust: a mail queue that is down never fails the reader's request.
        transaction.on_commit(schedule_digest, robust=True)
    return comment
