"""The input-cleaning rule (newsroom/text.py) and where it applies: the comment
form, the search query, every model's text fields (the admin included) and
the data migrations."""

from __future__ import annotations

import importlib
import json
import re
import xml.etree.ElementTree as ET
from html import escape

import pytest
from django.apps import apps
from django.urls import reverse

from articles.models import Article, Place, Tag
from comments.forms import CommentForm
from comments.models import Comment
from newsroom.cleaning import CleanTextModel, clean_stored_rows, field_kind
from newsroom.text import Kind, clean_text, is_blank, xml_safe
from tests.comments.conftest import old_stamp
from tests.factories import ArticleFactory, CommentFactory, PlaceFactory, TagFactory
from tests.helpers import article_form

C0 = [chr(cp) for cp in range(0x20) if chr(cp) not in "\t\n\r"]
C1 = [chr(cp) for cp in range(0x7F, 0xA0)]  # DEL and C1
BIDI = [
    "\u061c",  # Arabic letter mark
    "\u200e",
    "\u200f",  # LRM, RLM
    *map(chr, range(0x202A, 0x202F)),  # embeddings, overrides
    *map(chr, range(0x2066, 0x206A)),  # isolates
]
ZERO_WIDTH = ["\u200b", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff"]
NONCHARACTERS = ["\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
REMOVED_EVERYWHERE = C0 + C1 + BIDI + ZERO_WIDTH + NONCHARACTERS + SURROGATES


# --- the rule --------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("char", REMOVED_EVERYWHERE, ids=lambda c: f"U+{ord(c):04X}")
def test_controls_bidi_zero_width_noncharacters_and_surrogates_are_removed(kind, char):
    assert clean_text(f"الدار{char}البيضاء", kind) == "الدارالبيضاء"


def test_multiline_text_keeps_tabs_and_line_feeds_and_unifies_line_breaks():
    typed = "سطر\tأول\r\nسطر ثان\rسطر ثالث\u2028رابع\n"
    assert clean_text(typed, Kind.TEXT) == "سطر\tأول\nسطر ثان\nسطر ثالث\nرابع\n"


@pytest.mark.parametrize("kind", [Kind.LINE, Kind.NAME])
def test_one_line_text_turns_tabs_and_line_breaks_into_spaces(kind):
    assert clean_text("الدار\tالبيضاء\r\nسطات\n", kind) == "الدار البيضاء سطات "


def test_addresses_lose_tabs_line_breaks_joiners_and_soft_hyphens():
    typed = "https://exa\u200dmple.ma/\u00adpath\t\n?q=\u200c1"
    assert clean_text(typed, Kind.ADDRESS) == "https://example.ma/path?q=1"


@pytest.mark.parametrize(
    ("kind", "kept"),
    [
        (Kind.NAME, "Zoë Ñúñez"),
        (Kind.ADDRESS, "Zoë Ñúñez"),
        (Kind.LINE, "Zo\u00adë Ñúñez"),
        (Kind.TEXT, "Zo\u00adë Ñúñez"),
    ],
)
def test_soft_hyphen_is_removed_from_names_and_addresses_only(kind, kept):
    assert clean_text("Zo\u00adë Ñúñez", kind) == kept


@pytest.mark.parametrize("kind", [Kind.LINE, Kind.NAME, Kind.TEXT])
@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("👩🏽‍💻 سعاد", "👩🏽‍💻 سعاد"),  # ZWJ between two emoji
        ("می‌خواهم", "می‌خواهم"),  # ZWNJ between two Arabic-script letters
        ("Sou\u200dad", "Souad"),  # a joiner between Latin letters
        ("\u200dسعاد\u200c", "سعاد"),  # at the edges
        ("👍\u200cسعاد", "👍سعاد"),  # ZWNJ between an emoji and a letter
    ],
)
def test_joiners_stay_only_between_two_emoji_or_two_arabic_letters(kind, typed, kept):
    assert clean_text(typed, kind) == kept


@pytest.mark.parametrize("kind", list(Kind))
def test_letters_emoji_punctuation_nbsp_and_tatweel_are_untouched(kind):
    text = "الـــدار البَيْضَاء\u00a0Zoë «123» 🇲🇦 ❤️ 𝐞 — ؟!"
    assert clean_text(text, kind) == text


@pytest.mark.parametrize("kind", [Kind.LINE, Kind.NAME, Kind.TEXT])
def test_arabic_indic_digits_become_western_digits(kind):
    assert clean_text("دورة ٢٠٢٥ و۱۲ مقعدا", kind) == "دورة 2025 و12 مقعدا"


def test_digits_in_a_bodys_markup_are_left_to_the_markup():
    body = '<p>ميزانية ٢٠٢٥</p><img src="/media/images/صورة١.jpg" alt="صورة ٣">'
    assert clean_text(body, Kind.TEXT) == (
        '<p>ميزانية 2025</p><img src="/media/images/صورة١.jpg" alt="صورة ٣">'
    )


def test_an_address_keeps_its_digits():
    assert clean_text("https://example.ma/٢٠٢٥/", Kind.ADDRESS) == (
        "https://example.ma/٢٠٢٥/"
    )


@pytest.mark.parametrize("kind", list(Kind))
def test_cleaning_twice_changes_nothing(kind):
    every = "".join(REMOVED_EVERYWHERE) + "a\u200d👍\u200d👍\u00adب\u200cت\r\n\t"
    once = clean_text(every + "سعاد" + every, kind)
    assert clean_text(once, kind) == once


def test_blank_text_is_whitespace_invisible_characters_and_tatweel():
    assert is_blank(" \u00a0\u200f\u200b\u00adـ\n")
    assert not is_blank(" ب ")


def test_xml_safe_text_of_every_code_point_parses():
    every = "".join(map(chr, range(0x110000)))
    root = ET.fromstring(f"<a>{escape(xml_safe(every))}</a>")
    # Only what XML refuses or discourages is gone: letters stay.
    assert "ب" in root.text
    assert "\U0001f600" in root.text
    assert len(root.text) > 1_000_000


# --- every model's text ----------------------------------------------------------


def project_models() -> list:
    return [
        model
        for label in ("articles", "comments", "newsroom")
        for model in apps.get_app_config(label).get_models()
        # A proxy of another app's model (the background tasks' queue) has
        # that app's fields, not ours.
        if model._meta.concrete_model._meta.app_label == label
    ]


def test_every_model_of_the_project_with_text_cleans_it():
    with_text = [
        model
        for model in project_models()
        if any(field_kind(f) for f in model._meta.concrete_fields)
    ]
    assert with_text
    assert [m for m in with_text if not issubclass(m, CleanTextModel)] == []


def test_article_saved_from_code_is_stored_clean_with_its_markup(db):
    article = ArticleFactory(
        title="خبر\x00 عاجل\u202e",
        lede="مقدمة\x1b\r\nثانية\u200b",
        body=(
            '<p>فقرة\x07 <a href="https://example.ma/" title="\u202eرابط">رابط</a></p>'
        ),
    )
    article.refresh_from_db()
    assert article.title == "خبر عاجل"
    assert article.lede == "مقدمة\nثانية"
    assert article.body == (
        '<p>فقرة <a href="https://example.ma/" title="رابط">رابط</a></p>'
    )


def test_comment_saved_from_code_keeps_no_invisible_character_in_its_addresses(db):
    comment = CommentFactory(
        name="سعاد\u00ad\x85",
        email="souad\u200b@example.ma",
        url="https://exa\u2066mple.ma/\x00",
    )
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.url) == (
        "سعاد",
        "souad@example.ma",
        "https://example.ma/",
    )


# --- forms -----------------------------------------------------------------------


@pytest.fixture
def lenient(settings):
    """No minimum time on the comment form and no flood limit."""
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


@pytest.fixture
def article(db) -> Article:
    return ArticleFactory(title="لقاء تواصلي بالدار البيضاء")


def comment_data(**fields) -> dict:
    """What a reader sends: a valid comment form, with any field replaced."""
    return {
        "name": "سعاد العلوي",
        "email": "souad@example.ma",
        "url": "",
        "body": "شكرا على هذا الخبر المفيد.",
        "served": old_stamp(),
        "homepage": "",
        "parent": "",
        **fields,
    }


def post_comment(client, article: Article, **fields):
    return client.post(
        reverse("comments:post", args=[article.pk]), comment_data(**fields)
    )


@pytest.mark.usefixtures("lenient")
def test_comment_form_cleans_every_field_before_validating_it(article):
    form = CommentForm(
        comment_data(
            name="سعاد\u00ad العلوي\x00",
            email="souad\u200b@example.ma\u202e",
            url="https://souad.\u202eexample.ma/\x00",
            body="شكرا\x00\x1b على\u0085 الخبر\u200f\r\nمع التحية",
        ),
        article=article,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "سعاد العلوي"
    assert form.cleaned_data["email"] == "souad@example.ma"
    assert form.cleaned_data["url"] == "https://souad.example.ma/"
    assert form.cleaned_data["body"] == "شكرا على الخبر\nمع التحية"


def test_comment_form_keeps_djangos_null_character_check_on_the_website(article):
    # The rule removes NUL before validation; the field's own check stays as
    # the last line, for a form built without the rule.
    validators = CommentForm(article=article).fields["url"].validators
    assert "ProhibitNullCharactersValidator" in {type(v).__name__ for v in validators}


@pytest.mark.usefixtures("lenient")
def test_comment_with_nul_in_every_field_is_stored_clean(client, article):
    response = post_comment(
        client,
        article,
        name="سعاد\x00",
        email="souad@exa\x00mple.ma",
        url="https://souad.example.ma/\x00",
        body="شكرا\x00 جزيلا",
    )
    assert response.status_code == 302
    comment = Comment.objects.get(article=article)
    assert comment.url == "https://souad.example.ma/"
    assert comment.body == "شكرا جزيلا"


@pytest.mark.usefixtures("lenient")
def test_name_left_blank_by_the_rule_is_refused_with_the_text_kept(client, article):
    response = post_comment(
        client, article, name="\x00\u202e\u00ad\u200b", body="نص يبقى في النموذج"
    )
    assert response.status_code == 400
    assert "name" in response.context["comment_form"].errors
    assert "نص يبقى في النموذج" in response.text
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_search_page_and_title_echo_no_bidi_or_zero_width_character(client):
    response = client.get(reverse("articles:search"), {"q": "\u202eالدار\u200b\x00"})
    assert response.status_code == 200
    assert response.context["query"] == "الدار"
    title = response.text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "الدار" in title
    for char in "\u202e\u200b\x00":
        assert char not in response.text


# --- the admin -------------------------------------------------------------------


def test_editor_saving_a_title_with_a_control_character_stores_it_clean(
    editor_client, db
):
    section = ArticleFactory().section
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(section, title="لقاء\x1b تواصلي\u202e", lede="سطر\x07\r\nآخر"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(title="لقاء تواصلي")
    assert article.lede == "سطر\nآخر"


def test_editor_gets_a_form_error_for_a_name_only_invisible_characters_tell_apart(
    editor_client, db
):
    PlaceFactory(name="جهة الشرق")
    response = editor_client.post(
        reverse("admin:articles_place_add"),
        {"name": "جهة\u200b الشرق\x1f", "kind": Place.Kind.REGION, "parent": ""},
    )
    # The uniqueness check reads the cleaned name: a form error, not a 500.
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Place.objects.count() == 1


def test_staff_reply_of_invisible_characters_only_is_refused(editor_client):
    comment = CommentFactory(status=Comment.Status.APPROVED)
    response = editor_client.post(
        reverse("admin:comments_comment_add"),
        {"parent": comment.pk, "body": "\u200b\x07\u202e\r\n"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body"]
    assert not Comment.objects.filter(parent=comment).exists()


def test_staff_reply_is_stored_clean(editor_client):
    comment = CommentFactory(status=Comment.Status.APPROVED)
    editor_client.post(
        reverse("admin:comments_comment_add"),
        {"parent": comment.pk, "body": "شكرا\x07 لكم\u202e\r\nالتحرير"},
    )
    assert Comment.objects.get(parent=comment).body == "شكرا لكم\nالتحرير"


# --- the stored rows (PostgreSQL holds no NUL: \x01 stands for it) -------------


def test_stored_rows_are_cleaned_and_only_changed_rows_written(db):
    dirty, clean = TagFactory(), TagFactory(name="البيئة")
    Tag.objects.filter(pk=dirty.pk).update(name="الصحة\x01\u202e", slug="الصحة\x01")
    assert clean_stored_rows(Tag, {"name": Kind.NAME, "slug": Kind.ADDRESS}) == 1
    dirty.refresh_from_db()
    assert (dirty.name, dirty.slug) == ("الصحة", "الصحة")
    assert Tag.objects.get(pk=clean.pk).name == "البيئة"


def test_stored_slug_that_would_collide_stays_and_the_rest_is_cleaned(db):
    TagFactory(name="الصحة", slug="الصحة")
    dirty = TagFactory()
    Tag.objects.filter(pk=dirty.pk).update(name="التعليم\x01", slug="الصحة\u200b")
    clean_stored_rows(Tag, {"name": Kind.NAME, "slug": Kind.ADDRESS}, chunk_size=1)
    dirty.refresh_from_db()
    assert (dirty.name, dirty.slug) == ("التعليم", "الصحة\u200b")


@pytest.mark.parametrize(
    ("app_label", "migration"),
    [("articles", "0010_clean_stored_text"), ("comments", "0004_clean_stored_text")],
)
def test_data_migrations_clean_what_is_stored(db, app_label, migration):
    comment = CommentFactory(
        name="قارئ", body="تعليق", url="https://example.ma/", article__lede="مقدمة"
    )
    Article.objects.filter(pk=comment.article_id).update(
        title="خبر\x1b\u202e", lede="مقدمة\x01\r\nثانية"
    )
    Comment.objects.filter(pk=comment.pk).update(
        name="قارئ\x85\u00ad", body="تعليق\x01\u200f", url="https://exa\u202emple.ma/"
    )
    module = importlib.import_module(f"{app_label}.migrations.{migration}")
    module.clean_stored_text(apps, None)
    article = Article.objects.get(pk=comment.article_id)
    comment.refresh_from_db()
    if app_label == "articles":
        assert (article.title, article.lede) == ("خبر", "مقدمة\nثانية")
        assert comment.body == "تعليق\x01\u200f"
    else:
        assert (comment.name, comment.body) == ("قارئ", "تعليق")
        assert comment.url == "https://example.ma/"
        assert article.title == "خبر\x1b\u202e"


def test_digit_migrations_make_stored_digits_western(db):
    tag = TagFactory()
    comment = CommentFactory(name="قارئ", body="تعليق")
    Tag.objects.filter(pk=tag.pk).update(name="مونديال ٢٠٣٠")
    Article.objects.filter(pk=comment.article_id).update(
        title="ميزانية ٢٠٢٥", body='<p>دورة ٣</p><img src="/media/images/صورة١.jpg">'
    )
    Comment.objects.filter(pk=comment.pk).update(body="رأيي: ١٠ من ١٠")

    importlib.import_module("articles.migrations.0013_western_digits").western_digits(
        apps, None
    )
    importlib.import_module("comments.migrations.0006_western_digits").western_digits(
        apps, None
    )

    tag.refresh_from_db()
    comment.refresh_from_db()
    article = Article.objects.get(pk=comment.article_id)
    assert tag.name == "مونديال 2030"
    assert article.title == "ميزانية 2025"
    # The markup's file name is left to the markup.
    assert article.body == '<p>دورة 3</p><img src="/media/images/صورة١.jpg">'
    assert comment.body == "رأيي: 10 من 10"


def test_a_tag_typed_with_arabic_indic_digits_shows_western_ones(db, client):
    tag = TagFactory(name="مونديال ٢٠٣٠")
    article = ArticleFactory(tags=[tag])

    page = client.get(article.get_absolute_url()).content.decode()

    assert tag.name == "مونديال 2030"
    assert "مونديال 2030" in page
    assert "٢٠٣٠" not in page
    data = json.loads(
        re.search(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S
        ).group(1)
    )
    assert "مونديال 2030" in json.dumps(data, ensure_ascii=False)
