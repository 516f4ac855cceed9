"""The reader's side of comments: posting from the article page, and the link
that proves an address."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import render_article

from . import tokens
from .forms import CommentForm, served_stamp
from .models import Comment
from .notifications import request_confirmation
from .posting import CommentRefused, Submission, client_ip, post_comment


def _same_origin(request: HttpRequest) -> bool:
    # The form carries no per-reader CSRF token, so that article pages are the
    # same bytes for everyone and stay cacheable; a cross-site post is refused
    # by its Origin (or Referer) instead, and nothing a comment does acts on a
    # reader's behalf beyond posting it.
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True
    return url_has_allowed_host_and_scheme(
        source + ("/" if source.count("/") < 3 else ""),
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    )


@csrf_exempt
@require_POST
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    # What posting needs, no more: the page's people, tags and event are loaded
    # only when the form goes back to the reader with its errors.
    article = get_object_or_404(
        Article.objects.published().only(
            "id", "slug", "title", "status", "published_at", "comments_enabled"
        ),
        pk=article_id,
    )
    if not _same_origin(request):
        return HttpResponseForbidden(_("Comments are accepted from this site only."))
    form = CommentForm(request.POST, article=article)
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
                    ip=client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                    trusted=tokens.trusted_commenter(request, data["email"]),
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
    # the reason it came back), and keeps everything the reader typed.
    form.data = form.data.copy()
    form.data["served"] = served_stamp()
    page = Article.objects.for_page().get(pk=article.pk)
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
