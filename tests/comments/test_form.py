"""The "leave a reply" form: limits, blank text, Unicode, stamp, honeypot, replies."""

from __future__ import annotations

import pytest
from django.core import signing

from comments.forms import TIMESTAMP_SALT, CommentForm
from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lenient")]

# Seven Arabic letters repeated: 245 of them is the longest name allowed.
ARABIC_LETTERS = "عبدالرح"


def form_for(article, data) -> CommentForm:
    form = CommentForm(data, article=article)
    form.is_valid()
    return form


def test_valid_form_gives_the_cleaned_comment(article, form_data):
    form = form_for(article, form_data(url="https://souad.example.ma/"))
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["name"] == "سعاد العلوي"
    assert data["email"] == "souad@example.ma"
    assert data["url"] == "https://souad.example.ma/"
    assert data["body"] == "شكرا على هذا الخبر المفيد."
    assert data["parent"] is None
    assert form.looks_automated is False


def test_name_of_245_arabic_letters_fits(article, form_data):
    name = (ARABIC_LETTERS * 40)[:245]
    form = form_for(article, form_data(name=name))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == name


def test_name_of_246_letters_is_refused_not_cut(article, form_data, arabic):
    form = form_for(article, form_data(name=(ARABIC_LETTERS * 40)[:246]))
    assert not form.is_valid()
    assert [e.code for e in form.errors.as_data()["name"]] == ["max_length"]
    assert "name" not in form.cleaned_data


def test_email_of_100_characters_fits_and_101_is_refused(article, form_data):
    email = "a" * 64 + "@" + "b" * 31 + ".com"
    assert len(email) == 100
    assert form_for(article, form_data(email=email)).is_valid()
    longer = "a" * 64 + "@" + "b" * 32 + ".com"
    form = form_for(article, form_data(email=longer))
    assert "email" in form.errors


def test_website_of_200_characters_fits_and_201_is_refused(article, form_data):
    base = "https://example.ma/"
    url = base + "a" * (200 - len(base))
    assert form_for(article, form_data(url=url)).is_valid()
    form = form_for(article, form_data(url=url + "a"))
    assert "url" in form.errors


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://files.example.ma/",
        "vbscript:msgbox(1)",
    ],
)
def test_website_must_be_http_or_https(article, form_data, url, arabic):
    form = form_for(article, form_data(url=url))
    assert form.errors["url"] == [
        arabic("Please enter a full web address (http or https).")
    ]


def test_website_is_optional(article, form_data):
    assert form_for(article, form_data(url="")).is_valid()


def test_comment_of_65525_characters_fits_and_65526_is_refused(article, form_data):
    body = ("خبر مفيد " * 8000)[:65524] + "ك"
    assert len(body) == 65525
    form = form_for(article, form_data(body=body))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == body
    form = form_for(article, form_data(body=body + "ك"))
    assert [e.code for e in form.errors.as_data()["body"]] == ["max_length"]


@pytest.mark.parametrize(
    "body",
    [
        "",
        "     ",
        "\n\n\t",
        "\u00a0\u00a0\u00a0",  # no-break spaces
        "\u200b\u200c\u200d",  # zero-width space and joiners
        "\u200e\u200f\u061c",  # direction marks
        "\u202b\u202c\u2066\u2069",  # embeddings and isolates
        "\ufeff\u2060",  # BOM, word joiner
        "ـــــ",  # tatweel
        " \u00a0ـ\u200f\u200b ",
    ],
)
def test_blank_comment_is_refused(article, form_data, body, arabic):
    form = form_for(article, form_data(body=body))
    assert form.errors["body"] == [arabic("Please write your comment.")]


@pytest.mark.parametrize("name", ["", "   ", "\u00a0", "\u200b\u200f", "ــ", "\u202e"])
def test_blank_name_is_refused(article, form_data, name, arabic):
    form = form_for(article, form_data(name=name))
    assert form.errors["name"] == [arabic("Please enter your name.")]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("email", "Please enter your email address."),
        ("body", "Please write your comment."),
        ("name", "Please enter your name."),
    ],
)
def test_required_fields_have_arabic_messages(
    article, form_data, field, message, arabic
):
    form = form_for(article, form_data(**{field: ""}))
    assert form.errors[field] == [arabic(message)]


@pytest.mark.parametrize(
    "email",
    ["not-an-address", "a@b", "x@example.ma\nBcc: victim@example.ma", "a@b.ma, c@d.ma"],
)
def test_malformed_email_is_refused(article, form_data, email, arabic):
    form = form_for(article, form_data(email=email))
    assert form.errors["email"] == [arabic("Please enter a valid email address.")]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("سعاد\u202e العلوي", "سعاد العلوي"),  # right-to-left override
        ("\u2067Souad\u2069 Alaoui", "Souad Alaoui"),  # isolates
        ("سعاد\u200b\u200e العلوي\u200f", "سعاد العلوي"),  # zero-width and marks
        ("\ufeffSouad\u2060", "Souad"),
        ("Sou\u200dad", "Souad"),  # a joiner between Latin letters
        ("👩🏽‍💻 سعاد", "👩🏽‍💻 سعاد"),  # emoji ZWJ sequence with a skin tone
        ("❤️‍🔥 Souad 🇲🇦", "❤️‍🔥 Souad 🇲🇦"),
        ("می‌خواهم", "می‌خواهم"),  # ZWNJ inside a Persian word
        ("Zoë Ñúñez", "Zoë Ñúñez"),
    ],
)
def test_name_loses_spoofing_characters_and_keeps_its_letters_and_emoji(
    article, form_data, typed, kept
):
    form = form_for(article, form_data(name=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == kept


def test_comment_loses_spoofing_characters_and_keeps_text_and_emoji(article, form_data):
    typed = (
        "رأيي\u202e المعكوس\u202c: خبر جيد 👍🏿\n"
        "Good news\u200b for \u2066Casablanca\u2069 👨‍👩‍👧‍👦 🏳️‍🌈\r\n"
        "\u200fشكرا\u200e"
    )
    form = form_for(article, form_data(body=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["body"] == (
        "رأيي المعكوس: خبر جيد 👍🏿\nGood news for Casablanca 👨‍👩‍👧‍👦 🏳️‍🌈\nشكرا"
    )


@pytest.mark.parametrize(
    "name",
    [
        "يوسف الإدريسي",
        "یوسف الادریسی",  # Persian yeh, alef without hamza
        "يُوسُف  الإدريسـي",  # diacritics, tatweel, double space
        "\u200fيوسف الإدريسي\u200e",
        "editor",
        "EDITOR",
    ],
)
def test_name_imitating_a_staff_member_is_refused(article, form_data, name, arabic):
    UserFactory(
        username="editor",
        first_name="يوسف",
        last_name="الإدريسي",
        is_staff=True,
    )
    form = form_for(article, form_data(name=name))
    assert form.errors["name"] == [
        arabic("This name belongs to a member of the editorial team.")
    ]


def test_name_of_the_site_itself_is_refused(article, form_data, settings):
    form = form_for(article, form_data(name=settings.SITE_NAME.upper()))
    assert [e.code for e in form.errors.as_data()["name"]] == ["impersonation"]


def test_name_of_a_reader_who_is_not_staff_is_accepted(article, form_data):
    UserFactory(username="reader", first_name="يوسف", last_name="الإدريسي")
    assert form_for(article, form_data(name="يوسف الإدريسي")).is_valid()


def test_status_user_ip_and_dates_are_not_fields_of_the_form(article, form_data):
    form = form_for(
        article,
        form_data(
            status="approved",
            user="1",
            ip="203.0.113.9",
            created_at="2000-01-01 00:00",
            moderated_at="2000-01-01 00:00",
            depth="0",
        ),
    )
    assert form.is_valid()
    assert set(form.cleaned_data) == {
        "body",
        "name",
        "email",
        "url",
        "consent",
        "parent",
        "served",
        "homepage",
    }


# --- the stamp and the honeypot -------------------------------------------------------


@pytest.mark.parametrize(
    "served",
    [
        "",
        "not-a-stamp",
        signing.dumps(0, salt="another-salt"),
        signing.dumps(10**12, salt=TIMESTAMP_SALT) + "x",
    ],
)
def test_missing_or_tampered_stamp_asks_to_reload(article, form_data, served, arabic):
    form = form_for(article, form_data(served=served))
    assert form.non_field_errors() == [
        arabic(
            "This form has expired. Please reload the page and send your "
            "comment again; your text is kept below."
        )
    ]
    # The error is where the reader sees it, not on the hidden field.
    assert "served" not in form.errors


def test_expired_stamp_asks_to_reload(article, form_data, settings, stamp):
    settings.COMMENTS_MAX_FORM_SECONDS = 3600
    # The page's shared stamp has its own, shorter, window (test_stamps.py).
    settings.COMMENTS_SHARED_STAMP_SECONDS = 3600
    form = form_for(article, form_data(served=stamp(age=3601)))
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["expired"]
    assert form_for(article, form_data(served=stamp(age=3000))).is_valid()


def test_form_sent_too_fast_looks_automated(article, form_data, settings, stamp):
    settings.COMMENTS_MIN_FORM_SECONDS = 3
    fast = form_for(article, form_data(served=stamp(age=1)))
    assert fast.is_valid() and fast.looks_automated
    slow = form_for(article, form_data(served=stamp(age=5)))
    assert slow.is_valid() and not slow.looks_automated


def test_filled_honeypot_looks_automated(article, form_data):
    form = form_for(article, form_data(homepage="https://spam.example.com/"))
    assert form.is_valid() and form.looks_automated
    assert form.cleaned_data["homepage"] == ""


def test_unbound_form_carries_a_fresh_stamp(article):
    form = CommentForm(article=article)
    served = signing.loads(form.initial["served"], salt=TIMESTAMP_SALT)
    assert isinstance(served, int)


# --- replies --------------------------------------------------------------------------


def test_reply_to_an_approved_comment_of_the_article_is_accepted(article, form_data):
    parent = CommentFactory(article=article)
    form = form_for(article, form_data(parent=str(parent.pk)))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["parent"] == parent


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH]
)
def test_reply_to_a_comment_not_approved_is_refused(article, form_data, status, arabic):
    parent = CommentFactory(article=article, status=status)
    form = form_for(article, form_data(parent=str(parent.pk)))
    assert form.non_field_errors() == [
        arabic("The comment you are replying to cannot be answered.")
    ]


def test_reply_to_a_comment_of_another_article_is_refused(article, form_data):
    parent = CommentFactory(article=ArticleFactory())
    form = form_for(article, form_data(parent=str(parent.pk)))
    assert [e.code for e in form.errors.as_data()["__all__"]] == ["invalid_parent"]


@pytest.mark.parametrize("parent", ["999999", "abc", "-1", "1.5"])
def test_reply_to_a_missing_or_malformed_comment_is_refused(article, form_data, parent):
    form = form_for(article, form_data(parent=parent))
    assert not form.is_valid()
    assert form.non_field_errors()


def test_reply_past_the_depth_limit_is_refused(article, form_data, settings, arabic):
    settings.COMMENTS_MAX_DEPTH = 3
    chain = [CommentFactory(article=article)]
    for _ in range(2):
        chain.append(CommentFactory(article=article, parent=chain[-1]))
    assert [c.depth for c in chain] == [0, 1, 2]
    assert form_for(article, form_data(parent=str(chain[1].pk))).is_valid()
    form = form_for(article, form_data(parent=str(chain[2].pk)))
    assert form.non_field_errors() == [
        arabic("This conversation is too deep to reply to here.")
    ]


def test_default_depth_allows_five_levels(article, form_data):
    chain = [CommentFactory(article=article)]
    for _ in range(4):
        chain.append(CommentFactory(article=article, parent=chain[-1]))
    assert form_for(article, form_data(parent=str(chain[3].pk))).is_valid()
    assert not form_for(article, form_data(parent=str(chain[4].pk))).is_valid()
