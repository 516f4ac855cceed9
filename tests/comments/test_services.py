"""The posting, spam, moderation, token and mail rules, below the form and the view."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import mail, signing
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from comments import moderation, notifications, posting, spam, tokens
from comments.models import Comment, Commenter, email_key
from comments.posting import CommentRefused, Submission
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


def submission(article, **fields) -> Submission:
    values = {
        "article": article,
        "name": "سعاد العلوي",
        "email": "souad@example.ma",
        "url": "",
        "body": "شكرا على هذا الخبر المفيد.",
        "ip": "198.51.100.7",
    }
    values.update(fields)
    return Submission(**values)


# --- links ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("خبر جيد، شكرا", 0),
        ("العدد 3.14 والساعة 10.30", 0),
        ("انتهى الاجتماع.ثم بدأ النقاش", 0),
        ("زوروا https://example.com/page?x=1", 1),
        ("زوروا http://www.example.com/a?u=www.other.com", 1),
        ("زوروا www.example.com", 1),
        ("زوروا example.com", 1),
        ("hxxp://example.com", 1),
        ("HXXPS[:]//Example(.)COM/x", 1),
        ("example[.]com", 1),
        ("example dot com", 1),
        ("www dot example dot com", 1),
        ("https://موقع.المغرب", 1),
        ("http://example.com http://example.org", 2),
        ("example.com www.example.org", 2),
        ("hxxp://spam.ru و example[.]com", 2),
        ("casino dot com و cheap dot net", 2),
        ("a.com b.net c.org", 3),
    ],
)
def test_links_are_counted_once_each_disguised_or_not(text, links):
    assert spam.count_links(text) == links


def test_counting_links_in_a_long_adversarial_comment_is_fast():
    started = time.perf_counter()
    for text in [
        "ab" + " " * 65000 + "x",
        "a." * 32000,
        "a dot " * 10900,
        "[.]" * 21000,
    ]:
        spam.count_links(text)
    assert time.perf_counter() - started < 2


# --- the status a new comment gets ----------------------------------------------------


def test_new_comment_is_pending(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    comment = posting.post_comment(submission(article))
    assert comment.status == Comment.Status.PENDING


def test_even_a_trusted_commenter_waits_when_trust_is_off(article, settings):
    settings.COMMENTS_TRUST_CONFIRMED = False
    assert posting.initial_status(submission(article, trusted=True)) == "pending"


def test_trusted_commenter_is_approved_when_trust_is_on(article, settings):
    settings.COMMENTS_TRUST_CONFIRMED = True
    assert posting.initial_status(submission(article, trusted=True)) == "approved"
    assert posting.initial_status(submission(article, trusted=False)) == "pending"


@pytest.mark.parametrize(
    "body",
    [
        "http://a.example.com و http://b.example.com",
        "www.example.com و example.org",
        "hxxp://evil.ru و example[.]com",
        "example dot com و other dot net",
    ],
)
def test_two_links_hold_the_comment_even_from_a_trusted_commenter(
    article, settings, body
):
    settings.COMMENTS_TRUST_CONFIRMED = True
    status = posting.initial_status(submission(article, body=body, trusted=True))
    assert status == Comment.Status.PENDING


def test_one_link_does_not_hold_a_trusted_commenter(article, settings):
    settings.COMMENTS_TRUST_CONFIRMED = True
    s = submission(article, body="المصدر: https://example.ma/news", trusted=True)
    assert posting.initial_status(s) == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("word", "written"),
    [
        ("رشوة", "هذه رَشْوَةٌ واضحة"),  # diacritics
        ("رشوة", "هذه رشـــــوة واضحة"),  # tatweel
        ("رشوة", "هذه رشوه واضحة"),  # ha for ta marbuta
        ("رشوة", "هذه ر\u200bشو\u200cة واضحة"),  # zero-width characters
        ("إعلان", "اعلان مدفوع"),  # alef forms
        ("إعلان", "أعلان مدفوع"),
        ("مستشفى", "مستشفي خاص"),  # alef maqsura and ya
        ("مستشفى", "مستشفی خاص"),  # Persian ya
        ("0612345678", "اتصلوا ٠٦١٢٣٤٥٦٧٨"),  # Arabic-Indic digits
        ("0612345678", "اتصلوا ۰۶۱۲۳۴۵۶۷۸"),  # Persian digits
        ("Casino", "best CASINO here"),  # Latin case
    ],
)
def test_moderation_word_holds_the_comment_however_written(
    article, settings, word, written
):
    settings.COMMENTS_TRUST_CONFIRMED = True
    settings.COMMENTS_MODERATION_WORDS = [word]
    s = submission(article, body=written, trusted=True)
    assert posting.initial_status(s) == Comment.Status.PENDING


@pytest.mark.parametrize(
    "written", ["قمار", "قِمَار", "قمـــار", "ق\u200dمار", "القمار أونلاين"]
)
def test_block_word_marks_the_comment_as_spam(article, settings, written):
    settings.COMMENTS_BLOCK_WORDS = ["قمار"]
    assert posting.initial_status(submission(article, body=written)) == "spam"


def test_block_word_in_the_name_or_website_marks_spam(article, settings):
    settings.COMMENTS_BLOCK_WORDS = ["viagra"]
    assert posting.initial_status(submission(article, name="VIAGRA shop")) == "spam"
    s = submission(article, url="https://viagra.example.com/")
    assert posting.initial_status(s) == "spam"


def test_automated_form_is_spam(article):
    assert posting.initial_status(submission(article, looks_automated=True)) == "spam"


# --- refusals -------------------------------------------------------------------------


def test_comments_switched_off_are_refused_with_403(article):
    article.comments_enabled = False
    article.save()
    with pytest.raises(CommentRefused) as refused:
        posting.post_comment(submission(article))
    assert refused.value.status == 403
    assert not Comment.objects.exists()


def test_comments_close_after_the_configured_days(settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=31))
    recent = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=29))
    assert not posting.comments_open(old)
    assert posting.comments_open(recent)
    with pytest.raises(CommentRefused) as refused:
        posting.post_comment(submission(old))
    assert refused.value.status == 403
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert posting.comments_open(old)


def test_draft_and_scheduled_articles_take_no_comment():
    for article in [ArticleFactory(draft=True), ArticleFactory(scheduled=True)]:
        with pytest.raises(CommentRefused):
            posting.post_comment(submission(article))
    assert not Comment.objects.exists()


def test_same_address_within_the_flood_window_is_refused_with_429(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    posting.post_comment(submission(article, ip="198.51.100.1"))
    with pytest.raises(CommentRefused) as refused:
        posting.post_comment(
            submission(
                article,
                email="SOUAD@example.ma ",
                ip="198.51.100.2",
                body="تعليق آخر",
            )
        )
    assert refused.value.status == 429
    assert Comment.objects.count() == 1


def test_same_ip_within_the_flood_window_is_refused_with_429(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    posting.post_comment(submission(article, email="one@example.ma"))
    with pytest.raises(CommentRefused) as refused:
        posting.post_comment(
            submission(article, email="two@example.ma", body="تعليق آخر")
        )
    assert refused.value.status == 429
    assert Comment.objects.count() == 1


def test_another_reader_is_not_slowed_by_the_flood_window(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    posting.post_comment(submission(article, email="one@example.ma", ip="10.0.0.1"))
    posting.post_comment(
        submission(article, email="two@example.ma", ip="10.0.0.2", body="آخر")
    )
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    "again",
    [
        "شكرا على هذا الخبر المفيد.",
        "شُكْراً على هذا الخبر المُفيد.",  # diacritics
        "شكـــرا على هذا الخبر المفيـد.",  # tatweel
        "شكرا  على هذا\u200b الخبر المفيد.",  # spacing, zero-width
    ],
)
def test_same_comment_twice_on_the_same_article_is_stored_once(
    article, settings, again
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    posting.post_comment(submission(article))
    with pytest.raises(CommentRefused) as refused:
        posting.post_comment(submission(article, email="Souad@Example.ma", body=again))
    assert refused.value.status == 409
    assert Comment.objects.count() == 1


def test_same_text_on_another_article_or_from_another_reader_is_stored(
    article, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    posting.post_comment(submission(article))
    posting.post_comment(submission(ArticleFactory()))
    posting.post_comment(submission(article, email="other@example.ma"))
    assert Comment.objects.count() == 3


# --- the reader's address -------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "", "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.5", "198.51.100.7"),  # not behind a proxy
        (1, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        # A client wrote its own entries first: only the proxy's is believed.
        (1, "10.0.0.2", "1.2.3.4, 5.6.7.8, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.3", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "10.0.0.2", " 2001:db8::1 ", "2001:db8::1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-ip", None),
        (0, "", "", None),
    ],
)
def test_client_ip_trusts_forwarded_for_only_through_configured_proxies(
    settings, proxies, remote, forwarded, expected
):
    settings.COMMENTS_TRUSTED_PROXIES = proxies
    request = RequestFactory().post(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
    )
    assert posting.client_ip(request) == expected


# --- trust ----------------------------------------------------------------------------


def browser_of(commenter: Commenter | None, value=None):
    """A request from a browser holding the commenter cookie (or a forged one)."""
    request = RequestFactory().post("/")
    if commenter is not None:
        response = HttpResponse()
        response.set_signed_cookie(
            tokens.COMMENTER_COOKIE, commenter.pk, salt=tokens.COMMENTER_SALT
        )
        request.COOKIES[tokens.COMMENTER_COOKIE] = response.cookies[
            tokens.COMMENTER_COOKIE
        ].value
    if value is not None:
        request.COOKIES[tokens.COMMENTER_COOKIE] = value
    return request


def test_address_typed_in_the_form_proves_nothing(article):
    CommentFactory(article=article, email="souad@example.ma")  # approved before
    assert not tokens.trusted_commenter(browser_of(None), "souad@example.ma")


def test_confirmed_browser_with_an_approved_comment_is_trusted(article):
    CommentFactory(article=article, email="Souad@Example.ma")
    commenter = Commenter.objects.create(
        email_key=email_key("souad@example.ma"), confirmed_at=timezone.now()
    )
    assert tokens.trusted_commenter(browser_of(commenter), "SOUAD@example.ma")


def test_confirmed_browser_without_an_approved_comment_is_not_trusted(article):
    CommentFactory(article=article, email="souad@example.ma", status="pending")
    commenter = Commenter.objects.create(
        email_key=email_key("souad@example.ma"), confirmed_at=timezone.now()
    )
    assert not tokens.trusted_commenter(browser_of(commenter), "souad@example.ma")


def test_unconfirmed_or_other_address_or_forged_cookie_is_not_trusted(article):
    CommentFactory(article=article, email="souad@example.ma")
    CommentFactory(article=article, email="other@example.ma")
    unconfirmed = Commenter.objects.create(email_key=email_key("souad@example.ma"))
    other = Commenter.objects.create(
        email_key=email_key("other@example.ma"), confirmed_at=timezone.now()
    )
    assert not tokens.trusted_commenter(browser_of(unconfirmed), "souad@example.ma")
    assert not tokens.trusted_commenter(browser_of(other), "souad@example.ma")
    forged = browser_of(None, value=f"{other.pk}:forged-signature")
    assert not tokens.trusted_commenter(forged, "other@example.ma")


def test_confirmation_link_confirms_and_is_sent_at_most_daily(
    article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.request_confirmation("Souad@Example.ma")
        assert not notifications.request_confirmation("souad@example.ma")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["souad@example.ma"]
    commenter = Commenter.objects.get()
    assert commenter.confirmed_at is None
    token = tokens.confirmation_token(commenter)
    assert tokens.confirm_commenter(token) == commenter
    commenter.refresh_from_db()
    assert commenter.confirmed_at is not None
    assert tokens.confirm_commenter(token + "x") is None


# --- the author's proof ---------------------------------------------------------------


def test_pending_token_carries_the_comment_id_and_no_address(article):
    comment = CommentFactory(
        article=article, email="souad@example.ma", status="pending"
    )
    token = tokens.pending_token(comment)
    # Its whole content is the id: nothing else is signed into it.
    assert signing.loads(token, salt=tokens.PENDING_SALT) == comment.pk
    assert "souad" not in token
    assert tokens.own_pending_comment(token, article) == comment


def test_pending_token_shows_nothing_once_approved_or_on_another_article(article):
    comment = CommentFactory(article=article, status="pending")
    token = tokens.pending_token(comment)
    assert tokens.own_pending_comment(token, ArticleFactory()) is None
    moderation.approve(comment)
    assert tokens.own_pending_comment(token, article) is None
    assert tokens.own_pending_comment("forged", article) is None


def test_pending_token_expires(article, settings):
    comment = CommentFactory(article=article, status="pending")
    token = tokens.pending_token(comment)
    settings.COMMENTS_PENDING_SECONDS = -1
    assert tokens.own_pending_comment(token, article) is None


# --- mail to moderators ---------------------------------------------------------------


def test_moderators_are_told_of_a_pending_comment_in_a_digest(
    article, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    UserFactory(
        username="boss", email="boss@example.ma", is_staff=True, is_superuser=True
    )
    UserFactory(username="intern", email="intern@example.ma", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        comment = posting.post_comment(submission(article))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["boss@example.ma"]
    assert article.title in message.body
    assert comment.body in message.body
    # Nothing the reader typed is in the subject.
    assert "سعاد" not in message.subject
    # The reader's address is in no header: not From, not Reply-To.
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "souad@example.ma" not in str(message.message()["Reply-To"] or "")


def test_moderators_are_not_told_of_spam(
    article, settings, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]
    with django_capture_on_commit_callbacks(execute=True):
        posting.post_comment(submission(article, looks_automated=True))
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_fail_the_posting(
    article, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_NOTIFY = ["moderation@example.ma"]

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        comment = posting.post_comment(submission(article))
    assert Comment.objects.get() == comment
