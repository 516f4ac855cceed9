"""A commenter's rights over their data: export it, erase it, and the retention
limit on network data (IP address, browser)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

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
        count = Comment.objects.filter(email_key=key).update(**changes)
        Commenter.objects.filter(email_key=key).delete()
    return count


def forget_network_data(days: int | None = None) -> int:
    """Clear IP addresses and user agents older than the retention period."""
    if days is None:
        days = settings.COMMENTS_RETENTION_DAYS
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(~Q(ip=None) | ~Q(user_agent=""))
        .update(ip=None, user_agent="")
    )
