"""What an article page shows of its comments: the approved thread, nested, the
reader's own comment while it awaits moderation, and the reply form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest

from articles.models import Article
from newsroom.caching import mark_personal

from .forms import CommentForm
from .models import Comment
from .posting import comments_open
from .tokens import own_pending_comment


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
    return {
        "article": article,
        "comment_form": form if is_open else None,
        "comment_thread": build_thread(comments),
        "own_comment": own,
        "comments_open": is_open,
        "reply_to": next((c for c in comments if str(c.pk) == parent_id), None),
    }
