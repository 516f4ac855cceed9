"""Signed proofs a reader carries: that they wrote a pending comment, and that an
address is theirs (the mailed link and the cookie it leaves)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article

from .models import Comment, Commenter, email_key

PENDING_SALT = "comments.pending"
CONFIRM_SALT = "comments.confirm"
COMMENTER_COOKIE = "commenter"
COMMENTER_SALT = "comments.commenter"
CONFIRM_MAX_AGE = 7 * 86400


def pending_token(comment: Comment) -> str:
    """A signed, expiring proof of authorship; it carries the id and nothing else."""
    return signing.dumps(comment.pk, salt=PENDING_SALT, compress=True)


def own_pending_comment(token: str, article: Article) -> Comment | None:
    """The comment the token proves, while it awaits moderation on this article."""
    try:
        comment_id = signing.loads(
            token, salt=PENDING_SALT, max_age=settings.COMMENTS_PENDING_SECONDS
        )
    except signing.BadSignature:
        return None
    return Comment.objects.filter(
        pk=comment_id,
        article=article,
        status__in=[Comment.Status.PENDING, Comment.Status.SPAM],
    ).first()


def confirmation_token(commenter: Commenter) -> str:
    return signing.dumps(commenter.pk, salt=CONFIRM_SALT)


def confirm_commenter(token: str) -> Commenter | None:
    """The commenter whose mailed link this is, now confirmed; None if invalid."""
    try:
        commenter_id = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    commenter = Commenter.objects.filter(pk=commenter_id).first()
    if commenter and not commenter.confirmed_at:
        commenter.confirmed_at = timezone.now()
        commenter.save(update_fields=["confirmed_at"])
    return commenter


def trusted_commenter(request: HttpRequest, email: str) -> bool:
    """Whether this browser proved this address and it already had a comment approved.

    The proof is the signed cookie set when the owner followed the link mailed to
    the address: a name and an address typed into the form prove nothing.
    """
    try:
        commenter_id = request.get_signed_cookie(
            COMMENTER_COOKIE, salt=COMMENTER_SALT, default=None
        )
    except signing.BadSignature:
        return False
    if commenter_id is None:
        return False
    key = email_key(email)
    return (
        Commenter.objects.filter(
            pk=commenter_id, email_key=key, confirmed_at__isnull=False
        ).exists()
        and Comment.objects.approved().filter(email_key=key).exists()
    )
