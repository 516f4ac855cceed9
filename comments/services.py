"""Posting and moderating comments: one code path for the site, the admin and the
management commands."""

from __future__ import annotations

import datetime
import ipaddress
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from newsroom.arabic import normalize

from .models import Comment, Commenter, body_key, email_key

logger = logging.getLogger(__name__)

PENDING_SALT = "comments.pending"
CONFIRM_SALT = "comments.confirm"
COMMENTER_COOKIE = "commenter"
COMMENTER_SALT = "comments.commenter"


class CommentRefused(Exception):
    """A comment that is not stored, with the reader's explanation."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- who is asking ------------------------------------------------------------


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


# --- the rules ----------------------------------------------------------------

# Links as spammers write them: with a scheme, with www., disguised ("hxxp",
# "example[.]com", "example dot com"), or a bare domain with a common ending.
# The text is first folded (disguises undone, spaces collapsed), then scanned
# once: no pattern here backtracks, so a long comment costs linear time.
_SCHEME_RE = re.compile(r"(?<![a-z])(?:h[tx]{2}ps?|ftps?) ?(?::|\[:\]|\(:\)) ?// ?")
_DOT_RE = re.compile(
    r"(?<=[\w-])"
    r"(?: ?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}) ?| dot | \. )"
    r"(?=[\w-])"
)
_CANDIDATE_RE = re.compile(
    r"(?P<scheme>http://)?"
    r"(?<![\w.-])(?P<host>[\w-]++(?:\.[\w-]++)*+)"
    r"(?:[/?#][^ ]*+)?"
)
# fmt: off
_TLDS = frozenset({
    "com", "net", "org", "info", "biz", "ma", "fr", "io", "co", "me", "xyz", "ru",
    "cn", "top", "site", "online", "shop", "link", "click", "app", "dev", "tk", "ml",
    "ga", "cf", "gq", "pw", "cc", "ly", "gl", "to", "us", "uk", "de", "es", "it",
    "المغرب",
})
# fmt: on


def count_links(text: str) -> int:
    """How many links a text carries, disguised ones included; each counts once."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    text = _SCHEME_RE.sub("http://", text)
    text = _DOT_RE.sub(".", text)
    count = 0
    for match in _CANDIDATE_RE.finditer(text):
        labels = match["host"].split(".")
        if (
            match["scheme"]
            or (labels[0] == "www" and len(labels) > 1)
            or (len(labels) > 1 and labels[-1] in _TLDS)
        ):
            count += 1
    return count


def contains_word(texts: Iterable[str], words: Iterable[str]) -> bool:
    """Whether a listed word appears in any text, both normalised the Arabic way."""
    haystack = "\n".join(normalize(t) for t in texts)
    return any(key and key in haystack for key in (normalize(w) for w in words))


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


def initial_status(s: Submission) -> str:
    """Spam, held or (for a proven, trusted commenter) approved."""
    texts = [s.name, s.email, s.url, s.body]
    if s.looks_automated or contains_word(texts, settings.COMMENTS_BLOCK_WORDS):
        return Comment.Status.SPAM
    if count_links(s.body) >= settings.COMMENTS_MAX_LINKS or contains_word(
        texts, settings.COMMENTS_MODERATION_WORDS
    ):
        return Comment.Status.PENDING
    if settings.COMMENTS_TRUST_CONFIRMED and s.trusted:
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


def _refuse_flood(s: Submission) -> None:
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds:
        return
    # cache.add is atomic: of two requests at once, only one gets through.
    keys = [f"comments:flood:email:{email_key(s.email)}"]
    if s.ip:
        keys.append(f"comments:flood:ip:{s.ip}")
    for key in keys:
        if not cache.add(key, 1, timeout=seconds):
            raise CommentRefused(
                _(
                    "You are commenting too quickly. Please wait a few seconds "
                    "and send your comment again."
                ),
                status=429,
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
    _refuse_flood(s)
    try:
        with transaction.atomic():
            comment.save()
    except IntegrityError as exc:  # the other click of a double click won
        raise _duplicate() from exc
    if comment.status == Comment.Status.PENDING:
        # robust: a mail queue that is down never fails the reader's request.
        transaction.on_commit(
            lambda: notify_moderators.enqueue(comment.pk), robust=True
        )
    return comment


# --- moderation ---------------------------------------------------------------


def set_status(comments: QuerySet | Iterable[Comment], status: str, by=None) -> int:
    """Approve, mark as spam, trash or restore comments; returns how many changed."""
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

    The same rules as a reader's reply: to an approved comment, within the depth.
    """
    if parent.status != Comment.Status.APPROVED:
        raise CommentRefused(_("The comment you are replying to cannot be answered."))
    if parent.depth + 1 >= settings.COMMENTS_MAX_DEPTH:
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


# --- the author's proof, and the reader's thread ------------------------------


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


@dataclass
class Node:
    comment: Comment
    children: list[Node] = field(default_factory=list)


def build_thread(comments: Iterable[Comment]) -> list[Node]:
    """Nest comments under their parents; a reply whose parent is not shown
    moves up to the top level rather than disappearing."""
    nodes = {c.pk: Node(c) for c in comments}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


# --- mail ---------------------------------------------------------------------


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


def confirmation_token(commenter: Commenter) -> str:
    return signing.dumps(commenter.pk, salt=CONFIRM_SALT)


def confirm_commenter(token: str) -> Commenter | None:
    """The commenter whose mailed link this is, now confirmed; None if invalid."""
    try:
        commenter_id = signing.loads(token, salt=CONFIRM_SALT, max_age=7 * 86400)
    except signing.BadSignature:
        return None
    commenter = Commenter.objects.filter(pk=commenter_id).first()
    if commenter and not commenter.confirmed_at:
        commenter.confirmed_at = timezone.now()
        commenter.save(update_fields=["confirmed_at"])
    return commenter


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


# --- privacy ------------------------------------------------------------------


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
            "sent_at": c.created_at.isoformat(),
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
