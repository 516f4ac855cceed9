"""A commenter's rights over their data: export it, erase it, and the retention
limit on network data (IP address, browser)."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from newsroom import limits
from newsroom.dates import iso_datetime

from .models import Comment, Commenter, email_key


def export_comments(email: str) -> list[dict]:
    """Every comment left with this address, as data the commenter can take away."""
    comments = Comment.objects.of_address(email).select_related("article")
    return [
        {
            "id": c.pk,
            "article": c.article.title,
            "article_url": settings.SITE_URL + c.article.get_absolute_url(),
            "in_reply_to": c.parent_id,
            "name": c.name,
            "email": c.email,
            "website": c.url,
            "comment": c.body,
            "status": c.status,
            "sent_at": iso_datetime(c.created_at),
            "ip": c.ip,
            "user_agent": c.user_agent,
        }
        for c in comments.order_by("created_at", "pk")
    ]


def erase_commenter(email: str, delete_text: bool | None = None) -> int:
    """Remove the person from their comments; returns how many comments changed."""
    if delete_text is None:
        delete_text = settings.COMMENTS_ERASE_TEXT
    key = email_key(email)
    if not key:
        return 0
    changes = {
        "name": "",
        "email": "",
        "url": "",
        "ip": None,
        "user_agent": "",
        "email_key": "",
        "erased_at": timezone.now(),
    }
    if delete_text:
        changes |= {"body": "", "body_key": ""}
    with transaction.atomic():
        comments = Comment.objects.filter(email_key=key)
        rows = list(comments.values_list("pk", "name", "email", "url"))
        count = comments.update(**changes)
        Commenter.objects.filter(email_key=key).delete()
        _scrub_admin_log(
            [pk for pk, *_values in rows],
            {value for _pk, *values in rows for value in values if value},
        )
    return count


def _scrub_admin_log(comment_ids: list[int], personal: set[str]) -> None:
    """Take the person out of the admin's history of these comments.

    An entry's title is the comment as it was shown then (the author's name);
    its message may quote the name, address or website too (in JSON, where
    Arabic is escaped).
    """
    if not comment_ids:
        return
    anonymous = gettext("Anonymous")
    # Longest first: a name inside another (an address) goes with the longer one.
    values = sorted(personal, key=len, reverse=True)

    def scrub(text: str) -> str:
        for value in values:
            text = text.replace(value, anonymous)
        return text

    content_type = ContentType.objects.get_for_model(Comment)
    for start in range(0, len(comment_ids), 500):
        ids = [str(pk) for pk in comment_ids[start : start + 500]]
        entries = LogEntry.objects.filter(content_type=content_type, object_id__in=ids)
        for entry in entries.only("pk", "change_message"):
            message = _scrub_message(entry.change_message, scrub)
            if message != entry.change_message:
                LogEntry.objects.filter(pk=entry.pk).update(change_message=message)
        entries.update(object_repr=anonymous)


def _scrub_message(message: str, scrub) -> str:
    """The change message with `scrub` applied to its text, JSON or plain."""
    try:
        data = json.loads(message)
    except ValueError:
        return scrub(message)

    def walk(value):
        if isinstance(value, str):
            return scrub(value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    cleaned = walk(data)
    return message if cleaned == data else json.dumps(cleaned)


def forget_network_data(days: int | None = None) -> int:
    """Clear IP addresses and user agents older than the retention period, and the
    flood limits' keys (hashed addresses and IPs) whose time has passed."""
    if days is None:
        days = settings.COMMENTS_RETENTION_DAYS
    limits.forget_expired()
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(~Q(ip=None) | ~Q(user_agent=""))
        .update(ip=None, user_agent="")
    )
