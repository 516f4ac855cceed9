"""Mail the comments send: moderators told of waiting comments in a digest,
commenters asked to prove their address. Sent as background tasks, after the
transaction commits."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from redis.exceptions import RedisError

from newsroom.tasks import enqueue_after

from .models import Comment, Commenter, email_key, normal_address
from .tokens import confirmation_token

logger = logging.getLogger(__name__)

# A digest lists this many comments in full (their first lines); the rest it
# counts, with a link to the queue.
DIGEST_LISTED = 100
DIGEST_LINES = 3
DIGEST_CHARACTERS = 300


def moderator_addresses() -> list[str]:
    if settings.COMMENTS_NOTIFY:
        return list(settings.COMMENTS_NOTIFY)
    users = (
        get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    )
    users = users.filter(
        Q(is_superuser=True)
        | Q(user_permissions__codename="change_comment")
        | Q(groups__permissions__codename="change_comment")
    ).distinct()
    return [u.email for u in users]


def schedule_digest() -> None:
    """See that a digest will tell the moderators of a comment just held.

    The first held comment of a window enqueues the digest, for the window's end
    (at once where tasks run at once): however many comments arrive together,
    the moderators get one mail per COMMENTS_DIGEST_SECONDS at most.
    """
    seconds = settings.COMMENTS_DIGEST_SECONDS
    try:
        # Atomic: of many posts at once, one enqueues.
        if not cache.add("comments:digest-scheduled", 1, timeout=seconds):
            return
    except (RedisError, OSError):
        # A cache that does not answer must cost no digest: one more mail,
        # which lists only what no other digest has listed.
        logger.warning("Cache unavailable: moderators' digest enqueued unguarded")
    enqueue_after(send_moderation_digest, seconds)


def excerpt(body: str) -> str:
    """The first lines of a comment, enough to judge it from the mail."""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    shown = "\n".join(lines[:DIGEST_LINES])
    if len(shown) > DIGEST_CHARACTERS:
        shown = shown[:DIGEST_CHARACTERS].rstrip() + "…"
    elif len(lines) > DIGEST_LINES:
        shown += "\n…"
    return shown


@task
def send_moderation_digest() -> int:
    """Mail the moderators every comment held for them since the last digest.

    Returns how many comments it listed. A failed send leaves them unmarked, for
    the task's next attempt.
    """
    recipients = moderator_addresses()
    if not recipients:
        return 0
    with transaction.atomic():
        # Locked: a digest running at the same moment waits, then finds them told.
        waiting = list(
            Comment.objects.awaiting_digest()
            .select_related("article")
            .select_for_update(of=("self",))
            .order_by("created_at", "pk")
        )
        if not waiting:
            return 0
        Comment.objects.filter(pk__in=[c.pk for c in waiting]).update(
            moderators_told_at=timezone.now()
        )
        send_mail(digest_subject(len(waiting)), digest_body(waiting), None, recipients)
    return len(waiting)


def digest_subject(count: int) -> str:
    """How many comments wait: no reader-supplied value goes into a header."""
    return ngettext(
        "%(count)d comment awaiting moderation",
        "%(count)d comments awaiting moderation",
        count,
    ) % {"count": count}


def digest_body(comments: list[Comment]) -> str:
    """Each comment's article, author, first lines and link; past DIGEST_LISTED,
    how many more, with a link to the queue."""
    entries = [
        _("{name} commented on “{title}”:\n\n{body}\n\nModerate it: {url}\n").format(
            name=comment.display_name,
            title=comment.article.title,
            body=excerpt(comment.body),
            url=settings.SITE_URL
            + reverse("admin:comments_comment_change", args=[comment.pk]),
        )
        for comment in comments[:DIGEST_LISTED]
    ]
    more = len(comments) - DIGEST_LISTED
    if more > 0:
        queue = reverse("admin:comments_comment_changelist")
        entries.append(
            ngettext(
                "And %(count)d more comment: %(url)s",
                "And %(count)d more comments: %(url)s",
                more,
            )
            % {
                "count": more,
                "url": f"{settings.SITE_URL}{queue}?status__exact=pending",
            }
        )
    return "\n".join(entries)


def request_confirmation(email: str) -> bool:
    """Mail the address a link that proves it is the commenter's; at most daily.

    Returns whether a mail was sent. Only used when trusted commenters are
    approved at once (COMMENTS_TRUST_CONFIRMED).
    """
    commenter, _created = Commenter.objects.get_or_create(
        email_key=email_key(email), defaults={"email": email.strip()}
    )
    recently = timezone.now() - datetime.timedelta(days=1)
    if commenter.confirmed_at or (
        commenter.confirmation_sent_at and commenter.confirmation_sent_at > recently
    ):
        return False
    Commenter.objects.filter(pk=commenter.pk).update(
        confirmation_sent_at=timezone.now()
    )
    transaction.on_commit(lambda: send_confirmation.enqueue(commenter.pk), robust=True)
    return True


@task
def send_confirmation(commenter_id: int) -> int:
    """Mail the confirmation link. The address was validated by the form."""
    commenter = Commenter.objects.filter(pk=commenter_id).first()
    if commenter is None or not commenter.email:
        return 0
    url = settings.SITE_URL + reverse(
        "comments:confirm", args=[confirmation_token(commenter)]
    )
    body = _(
        "Someone, probably you, commented on {site} with this address.\n"
        "To have your next comments published without waiting, open this link "
        "in the browser you comment from:\n\n{url}\n\n"
        "If it was not you, ignore this message."
    ).format(site=settings.SITE_NAME, url=url)
    # The key is a digest: the address is the one the commenter typed.
    to = normal_address(commenter.email)
    return send_mail(_("Confirm your address"), body, None, [to])
