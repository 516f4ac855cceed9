"""Mail the comments send: moderators told of a waiting comment, commenters asked to
prove their address. Sent as background tasks, after the transaction commits."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Comment, Commenter, email_key
from .tokens import confirmation_token


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


@task
def notify_moderators(comment_id: int) -> int:
    """Tell the moderators a comment awaits them; returns how many were told."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    recipients = moderator_addresses()
    if comment is None or not recipients:
        return 0
    admin_url = settings.SITE_URL + reverse(
        "admin:comments_comment_change", args=[comment.pk]
    )
    # No reader-supplied value goes into a header: the subject is the article's
    # title (editors' text, one line) and the sender is the site.
    subject = _("New comment awaiting moderation: {title}").format(
        title=" ".join(comment.article.title.split())
    )
    body = _("{name} commented on “{title}”:\n\n{body}\n\nModerate it: {url}\n").format(
        name=comment.name,
        title=comment.article.title,
        body=comment.body[:2000],
        url=admin_url,
    )
    return send_mail(subject, body, None, recipients)


def request_confirmation(email: str) -> bool:
    """Mail the address a link that proves it is the commenter's; at most daily.

    Returns whether a mail was sent. Only used when trusted commenters are
    approved at once (COMMENTS_TRUST_CONFIRMED).
    """
    commenter, _created = Commenter.objects.get_or_create(email_key=email_key(email))
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
    if commenter is None:
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
    return send_mail(_("Confirm your address"), body, None, [commenter.email_key])
