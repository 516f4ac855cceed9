"""The reader's side of comments: posting from the article page, and the link
that proves an address."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import published_article, render_article
from newsroom import errors
from newsroom.fragments import kept

from . import stamps, tokens
from .forms import CommentForm, served_stamp
from .models import Comment
from .notifications import request_confirmation
from .posting import CommentRefused, Submission, client_ip, post_comment


def _same_origin(request: HttpRequest) -> bool:
    """Whether a post comes from this site's own pages.

    The form carries no per-reader CSRF token, so that article pages are the
    same bytes for everyone and stay cacheable; a cross-site post is refused by
    its Origin (or, from a browser that sends none, its Referer) instead.
    `Origin: null` (a sandboxed frame, a data: page) is refused like any other
    site. A post with neither header is accepted: every current browser sends
    Origin with a POST, and a page cannot make it leave it out, so only an old
    browser or a client that could write any header it liked sends none.
    """
    source = request.headers.get("Origin")
    if source is None:
        source = request.headers.get("Referer")
        if source is None:
            return True
    try:
        parts = urlsplit(source)
        host = request.get_host()
    except (ValueError, DisallowedHost):
        return False
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    if request.is_secure() and parts.scheme != "https":
        return False
    return parts.netloc.lower() == host.lower()


@csrf_exempt
@require_POST
def stamp(request: HttpRequest) -> HttpResponse:
    """A form stamp of the reader's own, for the page's script (comments/stamps.py).

    Bound to the reader's IP address; no cookie, never cached. It keeps the
    time the page's stamp says the form was served, if it sends one.
    """
    if not _same_origin(request):
        return errors.forbidden(
            request, _("Comments are accepted from this site only.")
        )
    page_stamp = stamps.read(request.POST.get("served", ""))
    served_at = page_stamp.served_at if page_stamp else time.time()
    response = JsonResponse({"served": stamps.issue(served_at, client_ip(request))})
    patch_cache_control(response, private=True, no_store=True)
    return response


@csrf_exempt
@require_POST
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    # What posting needs, no more, kept until the content changes: at a
    # spike's rate a post asks the database nothing about the article. The
    # page's people, tags and event are loaded only when the form goes back to
    # the reader with its errors.
    article = kept(
        request,
        f"article-for-posting:{article_id}",
        lambda: (
            Article.objects.published()
            .only("id", "slug", "title", "status", "published_at", "comments_enabled")
            .filter(pk=article_id)
            .first()
        ),
    )
    if article is None:
        raise Http404
    if not _same_origin(request):
        return errors.forbidden(
            request, _("Comments are accepted from this site only.")
        )
    form = CommentForm(request.POST, article=article)
    ip = client_ip(request)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = post_comment(
                Submission(
                    article=article,
                    name=data["name"],
                    email=data["email"],
                    url=data["url"],
                    body=data["body"],
                    parent=data["parent"],
                    looks_automated=form.looks_automated,
                    ip=ip,
                    user_agent=request.headers.get("User-Agent", ""),
                    trusted=tokens.trusted_commenter(request, data["email"]),
                    stamp=data["served"],
                )
            )
        except CommentRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            # A robot's comment must not make the site mail the address it typed.
            if (
                settings.COMMENTS_TRUST_CONFIRMED
                and comment.status != Comment.Status.SPAM
            ):
                request_confirmation(comment.email)
            token = tokens.pending_token(comment)
            return redirect(
                f"{article.get_absolute_url()}?pending={token}#comment-{comment.pk}"
            )
    # Sending the form again must work: it gets a new stamp (the old one may be
    # the reason it came back), the reader's own as this page is theirs alone,
    # and keeps everything the reader typed.
    form.data = form.data.copy()
    form.data["served"] = served_stamp(ip)
    page = published_article(request, article.pk)
    return render_article(request, page, {"comment_form": form}, status=status)


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a commenter: proves the address, in this browser."""
    commenter = tokens.confirm_commenter(token)
    response = render(
        request,
        "comments/confirmed.html",
        {"confirmed": commenter is not None},
        status=200 if commenter else 400,
    )
    add_never_cache_headers(response)
    if commenter is not None:
        response.set_signed_cookie(
            tokens.COMMENTER_COOKIE,
            commenter.pk,
            salt=tokens.COMMENTER_SALT,
            max_age=365 * 86400,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
