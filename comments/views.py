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

from . import services
from .forms import CommentForm, served_stamp
from .models import Comment


def comment_context(
    request: HttpRequest, article: Article, form: CommentForm | None = None
) -> dict:
    """The comments part of an article page: the thread, the form, and the
    reader's own comment while it awaits moderation (from their token only)."""
    comments = list(Comment.objects.for_thread(article.pk))
    own = None
    if token := request.GET.get("pending"):
        own = services.own_pending_comment(token, article)
        if own is not None:
            comments.append(own)
    visible_ids = {c.pk for c in comments}
    if form is None:
        form = CommentForm(article=article)
        reply_to = request.GET.get("replytocom", "")
        if reply_to.isdigit() and int(reply_to) in visible_ids:
            form.initial["parent"] = int(reply_to)
    parent_id = form["parent"].value()
    return {
        "comment_form": form,
        "comment_thread": services.build_thread(comments),
        "own_comment": own,
        "comments_open": services.comments_open(article),
        "reply_to": next((c for c in comments if str(c.pk) == str(parent_id)), None),
        "max_depth": settings.COMMENTS_MAX_DEPTH,
    }


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
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.published().for_page(), pk=article_id)
    if not _same_origin(request):
        return HttpResponseForbidden(_("Comments are accepted from this site only."))
    form = CommentForm(request.POST, article=article)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.post_comment(
                services.Submission(
                    article=article,
                    name=data["name"],
                    email=data["email"],
                    url=data["url"],
                    body=data["body"],
                    parent=data["parent"],
                    looks_automated=form.looks_automated,
                    ip=services.client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                    trusted=services.trusted_commenter(request, data["email"]),
                )
            )
        except services.CommentRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            # A robot's comment must not make the site mail the address it typed.
            if (
                settings.COMMENTS_TRUST_CONFIRMED
                and comment.status != Comment.Status.SPAM
            ):
                services.request_confirmation(comment.email)
            token = services.pending_token(comment)
            return redirect(
                f"{article.get_absolute_url()}?pending={token}#comment-{comment.pk}"
            )
    # Sending the form again must work: it gets a new stamp (the old one may be
    # the reason it came back), and keeps everything the reader typed.
    form.data = form.data.copy()
    form.data["served"] = served_stamp()
    return render_article(
        request, article, comment_context(request, article, form), status=status
    )


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a commenter: proves the address, in this browser."""
    commenter = services.confirm_commenter(token)
    response = render(
        request,
        "comments/confirmed.html",
        {"confirmed": commenter is not None},
        status=200 if commenter else 400,
    )
    add_never_cache_headers(response)
    if commenter is not None:
        response.set_signed_cookie(
            services.COMMENTER_COOKIE,
            commenter.pk,
            salt=services.COMMENTER_SALT,
            max_age=365 * 86400,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
