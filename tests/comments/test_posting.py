"""Posting a comment through HTTP: every rule, as the reader meets it."""

from __future__ import annotations

import datetime
import re
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.db import connection
from django.tasks import TaskResultStatus
from django.tasks.backends.immediate import ImmediateBackend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from comments import moderation, notifications, tokens
from comments.forms import TIMESTAMP_SALT
from comments.models import Comment, email_key
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    UserFactory,
)
from tests.helpers import DURABLE_TASKS, html, run_due_tasks

pytestmark = pytest.mark.django_db

EXPIRED = (
    "This form has expired. Please reload the page and send your comment again; "
    "your text is kept below."
)
TOO_QUICK = (
    "You are commenting too quickly. Please wait a few seconds and send your "
    "comment again."
)
DUPLICATE = "You have already sent this comment on this article."
AWAITING = "Your comment is awaiting moderation."
# The article, the staff's names (a reader may not take one), the form stamp's
# use, the duplicate check, the comment and the digest's task: savepoints aside.
POST_QUERY_BUDGET = 6


def pending_id(response, article) -> int:
    """The comment a successful post leads to, checked against its token."""
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == article.get_absolute_url()
    token = parse_qs(location.query)["pending"][0]
    comment_id = signing.loads(token, salt=tokens.PENDING_SALT)
    assert location.fragment == f"comment-{comment_id}"
    return comment_id


def field_error(page: str, field: str) -> str:
    """The error shown beside a field (the element its input points to)."""
    match = re.search(rf'id="id_{field}-error"[^>]*>(.*?)</', page, re.S)
    assert match, f"no error beside {field}"
    assert re.search(rf'aria-describedby="[^"]*id_{field}-error', page)
    return match[1]


def assert_kept(response) -> None:
    """The form came back with everything the reader typed."""
    data = response.sent_data
    page = response.content.decode()  # refused with 400, 409 or 429: callers check
    form = response.context["comment_form"]
    for name in ["name", "email", "url", "body"]:
        if data.get(name):
            assert form[name].value() == data[name]
            assert escape(data[name]) in page, f"{name} not kept"
    if data.get("consent"):
        assert re.search(r'<input[^>]*name="consent"[^>]*checked', page)


def assert_not_cached(response) -> None:
    assert "no-store" in response["Cache-Control"]


# --- success --------------------------------------------------------------------------


def test_new_comment_is_pending_and_its_author_is_sent_to_it(
    post, article, lenient, arabic
):
    response = post(consent="on", url="https://souad.example.ma/")
    comment = Comment.objects.get(pk=pending_id(response, article))
    assert comment.status == Comment.Status.PENDING
    assert comment.name == "سعاد العلوي"
    assert comment.url == "https://souad.example.ma/"
    assert "souad" not in response["Location"].lower()

    own = Client().get(response["Location"])
    assert own.status_code == 200
    assert escape(arabic(AWAITING)) in html(own)
    assert comment.body in html(own)
    assert_not_cached(own)
    # Nobody else sees it.
    other = Client().get(article.get_absolute_url())
    assert comment.body not in html(other)


def test_moderators_get_a_mail_for_a_pending_comment(
    post, article, lenient, django_capture_on_commit_callbacks
):
    UserFactory(
        username="boss", email="boss@example.ma", is_staff=True, is_superuser=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post()
    comment = Comment.objects.get(pk=pending_id(response, article))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["boss@example.ma"]
    assert comment.body in mail.outbox[0].body
    assert f"/admin/comments/comment/{comment.pk}/" in mail.outbox[0].body


def test_reply_to_an_approved_comment_is_stored_under_it(post, article, lenient):
    parent = CommentFactory(article=article)
    comment = Comment.objects.get(pk=pending_id(post(parent=parent.pk), article))
    assert comment.parent == parent
    assert comment.depth == 1


# --- spam -----------------------------------------------------------------------------


def test_filled_honeypot_is_stored_as_spam_without_telling_anyone(
    post, article, lenient, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(homepage="https://spam.example.com/")
    assert Comment.objects.get(pk=pending_id(response, article)).status == "spam"
    assert mail.outbox == []


def test_form_sent_too_fast_is_stored_as_spam(post, article, settings, stamp):
    settings.COMMENTS_MIN_FORM_SECONDS = 3
    response = post(served=stamp(age=1))
    assert Comment.objects.get(pk=pending_id(response, article)).status == "spam"


def test_form_sent_after_the_minimum_time_is_pending(post, article, settings, stamp):
    settings.COMMENTS_MIN_FORM_SECONDS = 3
    response = post(served=stamp(age=4))
    assert Comment.objects.get(pk=pending_id(response, article)).status == "pending"


def test_block_word_is_stored_as_spam(post, article, lenient):
    lenient.COMMENTS_BLOCK_WORDS = ["قمار"]
    response = post(body="أفضل موقع للقِمـــار")
    assert Comment.objects.get(pk=pending_id(response, article)).status == "spam"


@pytest.mark.parametrize(
    "body",
    [
        "رشوة واضحة",
        "رَشْوَةٌ واضحة",
        "رشـــوه واضحة",
        "ر\u200bشوة واضحة",
    ],
)
def test_moderation_word_holds_the_comment(post, article, lenient, body):
    lenient.COMMENTS_MODERATION_WORDS = ["رشوة"]
    response = post(body=body)
    assert Comment.objects.get(pk=pending_id(response, article)).status == "pending"


# --- the stamp ------------------------------------------------------------------------


@pytest.mark.parametrize("served", ["", "tampered", "MTIz:1xY9zc:forged"])
def test_tampered_stamp_asks_to_reload_and_keeps_the_text(
    post, article, lenient, arabic, served
):
    data = {
        "name": "سعاد 👩🏽‍💻",
        "email": "souad@example.ma",
        "url": "https://souad.example.ma/?a=1&b=2",
        "body": 'نص طويل كتبته بعناية <b>"مهم"</b> & more',
        "consent": "on",
    }
    response = post(served=served, **data)
    assert response.status_code == 400
    assert escape(arabic(EXPIRED)) in html(response, 400)
    assert_kept(response)
    assert_not_cached(response)
    assert not Comment.objects.exists()


def test_expired_stamp_asks_to_reload(post, article, lenient, stamp, arabic):
    lenient.COMMENTS_MAX_FORM_SECONDS = 3600
    response = post(served=stamp(age=7200))
    assert response.status_code == 400
    assert escape(arabic(EXPIRED)) in html(response, 400)
    assert not Comment.objects.exists()


def test_form_sent_again_after_an_expired_stamp_is_accepted(post, article, lenient):
    response = post(served="expired")
    assert response.status_code == 400
    # The form that came back carries a fresh stamp: sending it again works.
    fresh = response.context["comment_form"]["served"].value()
    assert signing.loads(fresh, salt=TIMESTAMP_SALT)
    assert f'value="{fresh}"' in html(response, 400)
    assert pending_id(post(served=fresh), article)


# --- links ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "https://a.example.com و https://b.example.com",
        "اقرأ example.com ثم www.example.org",
        "hxxp://spam.ru و example[.]com",
        "example dot com و other dot net",
    ],
)
def test_two_links_hold_the_comment_even_from_a_trusted_commenter(
    article, lenient, form_data, body, django_capture_on_commit_callbacks
):
    lenient.COMMENTS_TRUST_CONFIRMED = True
    browser = trusted_browser(article, form_data, django_capture_on_commit_callbacks)
    url = reverse("comments:post", args=[article.pk])
    response = browser.post(url, form_data(body=body))
    assert Comment.objects.get(pk=pending_id(response, article)).status == "pending"
    response = browser.post(url, form_data(body="رابط واحد فقط: https://a.example.ma"))
    assert Comment.objects.get(pk=pending_id(response, article)).status == "approved"


# --- flood and duplicates -------------------------------------------------------------


def test_second_comment_from_the_same_ip_within_15_seconds_gets_429(
    post, article, arabic
):
    assert pending_id(post(email="one@example.ma"), article)
    data = {"email": "two@example.ma", "body": "تعليق ثان مختلف", "name": "قارئ آخر"}
    response = post(**data)
    assert response.status_code == 429
    assert escape(arabic(TOO_QUICK)) in html(response, 429)
    assert_kept(response)
    assert Comment.objects.count() == 1


def test_second_comment_from_the_same_address_within_15_seconds_gets_429(
    post, article, arabic
):
    assert pending_id(post(client=Client(REMOTE_ADDR="198.51.100.1")), article)
    response = post(
        client=Client(REMOTE_ADDR="198.51.100.2"),
        email="SOUAD@Example.ma",
        body="تعليق ثان مختلف",
    )
    assert response.status_code == 429
    assert escape(arabic(TOO_QUICK)) in html(response, 429)
    assert Comment.objects.count() == 1


def test_flood_window_is_configurable(post, article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    assert pending_id(post(), article)
    assert pending_id(post(body="تعليق ثان"), article)


@pytest.mark.parametrize(
    "again",
    [
        "شكرا على هذا الخبر المفيد.",
        "شُكْراً على هذا الخبر المُفيد.",
        "شكـــرا على هذا الخبـــر المفيد.",
    ],
)
def test_same_comment_twice_is_stored_once(post, article, lenient, arabic, again):
    assert pending_id(post(), article)
    response = post(body=again, url="https://souad.example.ma/", consent="on")
    assert response.status_code == 409
    assert escape(arabic(DUPLICATE)) in html(response, 409)
    assert_kept(response)
    assert Comment.objects.count() == 1


# --- closed, missing, draft -----------------------------------------------------------


def test_comments_switched_off_are_refused_with_403(post, article, lenient, arabic):
    article.comments_enabled = False
    article.save()
    response = post()
    assert response.status_code == 403
    assert escape(arabic("Comments are closed.")) in html(response, 403)
    assert not Comment.objects.exists()


def test_comments_on_an_old_article_are_refused_with_403(post, lenient):
    lenient.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=15))
    response = post(target=old)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize("kind", ["draft", "scheduled", "missing"])
def test_comment_to_an_article_readers_cannot_see_is_404(post, lenient, kind):
    if kind == "missing":
        target = ArticleFactory.build(pk=987654)
    else:
        target = ArticleFactory(**{kind: True})
    assert post(target=target).status_code == 404
    assert not Comment.objects.exists()


def test_comment_form_accepts_only_post(client, article):
    url = reverse("comments:post", args=[article.pk])
    assert client.get(url).status_code == 405


def test_post_from_another_site_is_refused(post, article, lenient):
    response = post(client=Client(HTTP_ORIGIN="https://evil.example.com"))
    assert response.status_code == 403
    assert not Comment.objects.exists()


# --- replies --------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["pending", "spam", "trash"])
def test_reply_to_a_comment_not_approved_is_a_form_error(
    post, article, lenient, arabic, status
):
    parent = CommentFactory(article=article, status=status)
    data = {"body": "ردي على التعليق"}
    response = post(parent=parent.pk, **data)
    assert response.status_code == 400
    page = html(response, 400)
    assert escape(arabic("The comment you are replying to cannot be answered.")) in page
    assert_kept(response)
    assert Comment.objects.count() == 1


def test_reply_to_a_comment_of_another_article_is_a_form_error(post, lenient, article):
    parent = CommentFactory(article=ArticleFactory())
    assert post(parent=parent.pk).status_code == 400
    assert Comment.objects.count() == 1


def test_reply_past_the_depth_limit_is_a_form_error(post, article, lenient, arabic):
    lenient.COMMENTS_MAX_DEPTH = 2
    top = CommentFactory(article=article)
    reply = CommentFactory(article=article, parent=top)
    response = post(parent=reply.pk)
    assert response.status_code == 400
    assert escape(arabic("This conversation is too deep to reply to here.")) in html(
        response, 400
    )
    assert Comment.objects.count() == 2


# --- limits and text ------------------------------------------------------------------


def test_longest_name_and_comment_fit(post, article, lenient):
    name = ("عبدالرحمان" * 30)[:245]
    body = ("خبر مفيد " * 8000)[:65525]
    comment = Comment.objects.get(pk=pending_id(post(name=name, body=body), article))
    assert comment.name == name
    assert len(comment.body) == 65525


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ("عبدالرحمان" * 30)[:246]),
        ("email", "a" * 64 + "@" + "b" * 32 + ".com"),
        ("url", "https://example.ma/" + "a" * 182),
        ("url", "javascript:alert(document.cookie)"),
        ("body", ("خبر مفيد " * 8000)[:65526]),
    ],
)
def test_too_long_or_unsafe_value_is_refused_beside_its_field(
    post, article, lenient, field, value
):
    response = post(
        **{"consent": "on", "url": "https://souad.example.ma/", field: value}
    )
    assert response.status_code == 400
    error = field_error(html(response, 400), field)
    assert re.search("[\u0600-\u06ff]", error), error
    assert_kept(response)
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "body", ["   ", "\u00a0\u00a0", "\u200b\u200d", "\u200e\u200f", "ـــــ"]
)
def test_blank_comment_is_refused(post, article, lenient, arabic, body):
    response = post(body=body)
    assert response.status_code == 400
    assert escape(arabic("Please write your comment.")) in field_error(
        html(response, 400), "body"
    )
    assert not Comment.objects.exists()


def test_spoofing_characters_are_removed_and_text_survives(post, article, lenient):
    response = post(
        name="\u202eسعاد\u200b Souad 👩🏽‍💻",
        body="رأيي\u202e المعكوس\u202c 👨‍👩‍👧 Good\u200b news",
    )
    comment = Comment.objects.get(pk=pending_id(response, article))
    assert comment.name == "سعاد Souad 👩🏽‍💻"
    assert comment.body == "رأيي المعكوس 👨‍👩‍👧 Good news"


def test_name_of_a_staff_member_is_refused(post, article, lenient, arabic):
    UserFactory(username="y.idrissi", first_name="يوسف", last_name="الإدريسي")
    UserFactory(
        username="editor", first_name="يوسف", last_name="الإدريسي", is_staff=True
    )
    response = post(name="یوسف الادریسی")
    assert response.status_code == 400
    message = arabic("This name belongs to a member of the editorial team.")
    assert escape(message) in field_error(html(response, 400), "name")
    assert not Comment.objects.exists()


def test_extra_fields_cannot_approve_or_forge_a_comment(post, article, lenient):
    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    response = post(
        status="approved",
        user=editor.pk,
        ip="203.0.113.99",
        created_at="2001-01-01T00:00:00Z",
        moderated_at="2001-01-01T00:00:00Z",
        moderated_by=editor.pk,
        depth="0",
        email_key="someone@example.ma",
        article=ArticleFactory().pk,
    )
    comment = Comment.objects.get(pk=pending_id(response, article))
    assert comment.status == "pending"
    assert comment.user is None and comment.moderated_by is None
    assert comment.ip == "127.0.0.1"
    assert comment.created_at > timezone.now() - datetime.timedelta(minutes=1)
    assert comment.email_key == email_key("souad@example.ma")
    assert comment.article == article


# --- the reader's IP ------------------------------------------------------------------


def test_ip_is_the_connecting_address_by_default(post, article, lenient):
    client = Client(REMOTE_ADDR="198.51.100.23", HTTP_X_FORWARDED_FOR="6.6.6.6")
    comment = Comment.objects.get(pk=pending_id(post(client=client), article))
    assert comment.ip == "198.51.100.23"


def test_ip_comes_from_forwarded_for_only_through_trusted_proxies(
    post, article, lenient
):
    lenient.COMMENTS_TRUSTED_PROXIES = 1
    client = Client(
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.77"
    )
    comment = Comment.objects.get(pk=pending_id(post(client=client), article))
    assert comment.ip == "203.0.113.77"


# --- mail that fails ------------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_mail_server_does_not_fail_the_post(
    post, article, lenient, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": closed_port(), "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post()
    assert callbacks, "the mail was not even attempted"
    assert Comment.objects.get(pk=pending_id(response, article))


def test_failing_mail_does_not_fail_the_post(
    post, article, lenient, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]
    attempts = []

    def broken(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post()
    assert attempts
    assert Comment.objects.get(pk=pending_id(response, article))


def test_failing_enqueue_does_not_fail_the_post(
    post, article, lenient, monkeypatch, django_capture_on_commit_callbacks
):
    def queue_down(*args, **kwargs):
        raise ConnectionError("task queue unreachable")

    monkeypatch.setattr(ImmediateBackend, "enqueue", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = post()
    assert Comment.objects.get(pk=pending_id(response, article))


def test_failing_mail_on_the_task_queue_does_not_fail_the_post_and_is_tried_again(
    post, article, lenient, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = DURABLE_TASKS
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]
    settings.COMMENTS_DIGEST_SECONDS = 0
    attempts = []

    def broken(*args, **kwargs):
        attempts.append(args)
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post()
    comment = Comment.objects.get(pk=pending_id(response, article))
    assert attempts == []  # the request only stored the digest for the worker
    run_due_tasks()
    assert len(attempts) == 1
    digest = DBTaskResult.objects.get()
    assert digest.status == TaskResultStatus.READY  # waits for its next attempt
    comment.refresh_from_db()
    assert comment.moderators_told_at is None


# --- trusted commenters ---------------------------------------------------------------


def trusted_browser(article, form_data, capture) -> Client:
    """A browser whose owner confirmed their address and had a comment approved."""
    browser = Client()
    url = reverse("comments:post", args=[article.pk])
    with capture(execute=True):
        first = browser.post(url, form_data(body="تعليقي الأول"))
    moderation.approve(Comment.objects.get(pk=pending_id(first, article)))
    (link,) = re.findall(r"https?://\S+", mail.outbox[-1].body)
    assert browser.get(urlsplit(link).path).status_code == 200
    return browser


def test_previously_approved_address_is_not_trusted_without_the_browser_proof(
    article, lenient, form_data, django_capture_on_commit_callbacks
):
    lenient.COMMENTS_TRUST_CONFIRMED = True
    trusted_browser(article, form_data, django_capture_on_commit_callbacks)
    url = reverse("comments:post", args=[article.pk])
    # Anyone can type a known address: that alone earns nothing.
    response = Client().post(url, form_data(body="أنا أيضاً سعاد"))
    assert Comment.objects.get(pk=pending_id(response, article)).status == "pending"


def test_confirmed_browser_with_an_approved_comment_is_approved_at_once(
    article, lenient, form_data, django_capture_on_commit_callbacks
):
    lenient.COMMENTS_TRUST_CONFIRMED = True
    browser = Client()
    url = reverse("comments:post", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = browser.post(url, form_data(body="تعليقي الأول"))
    assert [m.to for m in mail.outbox] == [["souad@example.ma"]]
    (link,) = re.findall(r"https?://\S+", mail.outbox[0].body)
    assert browser.get(urlsplit(link).path).status_code == 200
    # Confirmed, but nothing approved yet: still waits.
    second = browser.post(url, form_data(body="تعليقي الثاني"))
    assert Comment.objects.get(pk=pending_id(second, article)).status == "pending"
    moderation.approve(Comment.objects.get(pk=pending_id(first, article)))
    third = browser.post(url, form_data(body="تعليقي الثالث"))
    assert Comment.objects.get(pk=pending_id(third, article)).status == "approved"
    # The same browser typing another address is not trusted for it.
    fourth = browser.post(url, form_data(email="other@example.ma", body="آخر"))
    assert Comment.objects.get(pk=pending_id(fourth, article)).status == "pending"


def test_trusted_browser_waits_when_trust_is_switched_off(
    article, lenient, form_data, django_capture_on_commit_callbacks
):
    lenient.COMMENTS_TRUST_CONFIRMED = True
    browser = trusted_browser(article, form_data, django_capture_on_commit_callbacks)
    lenient.COMMENTS_TRUST_CONFIRMED = False
    url = reverse("comments:post", args=[article.pk])
    response = browser.post(url, form_data(body="تعليق آخر"))
    assert Comment.objects.get(pk=pending_id(response, article)).status == "pending"


def test_a_post_loads_only_what_posting_needs(client, form_data):
    # The article's people, tags and event are for the page, not for storing a
    # comment: a post costs the same whatever the article carries.
    article = ArticleFactory()
    for n in range(5):
        AttendeeFactory(article=article, name_as_printed=f"شخص {n}")
    url = reverse("comments:post", args=[article.pk])

    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, form_data())

    assert response.status_code == 302
    assert Comment.objects.filter(article=article).count() == 1
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "articles_attendee" not in tables
    assert "articles_article_tags" not in tables


def test_a_refused_post_shows_the_whole_article_again(client, form_data):
    article = ArticleFactory()
    AttendeeFactory(article=article, name_as_printed="سعاد الفاسي")
    url = reverse("comments:post", args=[article.pk])

    response = client.post(url, form_data(body=""))

    assert response.status_code == 400
    assert "سعاد الفاسي" in response.content.decode()


def test_a_post_costs_the_same_queries_however_many_comments_the_article_has(
    client, lenient, settings, form_data, django_capture_on_commit_callbacks
):
    settings.TASKS = DURABLE_TASKS  # the request enqueues the digest, as in production
    quiet, busy = ArticleFactory(), ArticleFactory()
    for status, count in [("approved", 40), ("pending", 60), ("spam", 60)]:
        CommentFactory.create_batch(count, article=busy, status=status)
    parent = CommentFactory(article=busy)
    CommentFactory.create_batch(20, article=busy, parent=parent)

    def queries(article, n: int) -> list[str]:
        cache.clear()  # each post is the first of a digest window
        data = form_data(email=f"reader{n}@example.ma", body=f"تعليق رقم {n}")
        with (
            CaptureQueriesContext(connection) as ctx,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = client.post(reverse("comments:post", args=[article.pk]), data)
        pending_id(response, article)
        sql = [q["sql"] for q in ctx.captured_queries]
        return [q for q in sql if "SAVEPOINT" not in q]

    on_quiet, on_busy = queries(quiet, 1), queries(busy, 2)
    assert len(on_busy) == len(on_quiet), "\n".join(on_busy)
    assert len(on_busy) <= POST_QUERY_BUDGET, "\n".join(on_busy)
    assert DBTaskResult.objects.count() == 2  # one digest each, nothing mailed here
    assert mail.outbox == []
