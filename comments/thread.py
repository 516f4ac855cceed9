"""What an article page shows of its comments: the approved thread, nested, the
reader's own comment while it awaits moderation, and the reply form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from articles.formatting import isoformat
from articles.models import Article
from newsroom.caching import mark_personal
from newsroom.dates import local_date

from .display import avatar, comment_html
from .forms import CommentForm
from .models import Comment
from .posting import comments_open
from .tokens import own_pending_comment


@dataclass
class Node:
    """A comment as the thread prints it, worked out once, with its replies."""

    comment: Comment
    children: list[Node] = field(default_factory=list)
    name: str = ""
    avatar: SafeString = SafeString()
    # The commenter's own site, when one is shown.
    link: str = ""
    created_iso: str = ""
    created: str = ""
    body: SafeString = SafeString()
    is_own: bool = False
    can_reply: bool = False
    reply_label: str = ""
    is_reply_target: bool = False

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def classes(self) -> str:
        """The <li>'s classes: a reply from the site, or the reader's own."""
        classes = "comment"
        if self.comment.is_site_reply:
            classes += " comment--site"
        if self.is_own:
            classes += " comment--pending"
        return classes


def build_thread(comments: Iterable[Comment]) -> list[Node]:
    """Nest comments under their parents; a reply whose parent is not shown
    moves up to the top level rather than disappearing."""
    nodes = {c.pk: Node(c) for c in comments}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def present(
    nodes: Iterable[Node],
    *,
    own: Comment | None,
    is_open: bool,
    reply_to: Comment | None,
) -> None:
    """Fill in what the thread template prints for each node, replies too."""
    for node in nodes:
        comment = node.comment
        node.name = comment.display_name
        if comment.is_site_reply:
            node.avatar = avatar(node.name, "site")
        elif comment.is_anonymous:
            node.avatar = avatar(node.name, "anonymous")
        else:
            node.avatar = avatar(node.name)
        node.link = "" if comment.is_erased else comment.url
        node.created_iso = isoformat(comment.created_at)
        node.created = local_date(comment.created_at, "DATETIME_FORMAT")
        node.body = comment_html(comment.body) if comment.body else SafeString()
        node.is_own = own is not None and comment.pk == own.pk
        node.can_reply = is_open and comment.can_take_reply()
        if node.can_reply:
            node.reply_label = gettext("Reply to %(name)s") % {"name": node.name}
        node.is_reply_target = reply_to is not None and comment.pk == reply_to.pk
        present(node.children, own=own, is_open=is_open, reply_to=reply_to)


def section_context(
    request: HttpRequest,
    article: Article,
    form: CommentForm | None = None,
    *,
    read_only: bool = False,
) -> dict:
    """The comments part of an article page.

    `form` is the reader's form sent back with its errors; `read_only` (a
    preview) shows the thread without the form or reply links. The reader's
    pending comment comes from their signed link only, and makes the page
    theirs alone: never kept by a shared cache.
    """
    comments = list(Comment.objects.for_thread(article.pk)) if article.pk else []
    own = None
    token = request.GET.get("pending")
    if token and article.pk and not read_only:
        own = own_pending_comment(token, article)
        if own is not None:
            comments.append(own)
            mark_personal(request)
    is_open = not read_only and comments_open(article)
    if is_open and form is None:
        form = CommentForm(article=article)
        reply_to = request.GET.get("replytocom", "")
        if reply_to.isdigit() and any(c.pk == int(reply_to) for c in comments):
            form.initial["parent"] = int(reply_to)
    parent_id = str(form["parent"].value()) if is_open else ""
    reply_to = next((c for c in comments if str(c.pk) == parent_id), None)
    thread = build_thread(comments)
    present(thread, own=own, is_open=is_open, reply_to=reply_to)
    return {
        "article": article,
        "article_url": article.get_absolute_url() if article.pk else "",
        "comment_form": form if is_open else None,
        "comment_thread": thread,
        "own_comment": own,
        "comments_open": is_open,
        "reply_to": reply_to,
    }
