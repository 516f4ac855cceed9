"""Hostile input: every reader form field and query parameter, sent every kind of
text an attacker would try, never answers a 5xx; whatever text is stored, the
feeds and sitemaps are valid XML."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Official, Place, Section, Tag
from articles.sitemaps import SITEMAPS
from comments.models import Comment, Commenter, StampUse
from newsroom.cleaning import field_kind
from newsroom.models import RateLimit
from newsroom.text import Kind, clean_text
from tests.comments.conftest import old_stamp
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    OfficialFactory,
    OrganizationFactory,
    PlaceFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
    stored_image,
)
from tests.helpers import encode, marked_picture
from tests.test_input_cleaning import project_models

pytestmark = pytest.mark.django_db

CONTROLS = [chr(cp) for cp in [*range(0x20), *range(0x7F, 0xA0)]]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
# Each kind of hostile text, as a reader's browser (or a script) sends it.
HOSTILE = {
    **{f"control U+{ord(c):04X}": f"نص{c}نص" for c in CONTROLS},
    "NUL alone": "\x00",
    "NUL at the end": "https://example.ma/\x00",
    "1 MB": "ب" * 524_288,
    **{f"bidi U+{ord(c):04X}": f"سعاد{c}العلوي" for c in BIDI},
    "override reversing a name": "\u202eيرسيردلا فسوي",
    "zero-width": "سع\u200bاد\u2060\ufeff",
    "soft hyphen": "سعا\u00add",
    "joiners": "\u200dSou\u200cad\u200d",
    "noncharacters": "\ufdd0\ufffe\uffff\U0010ffff",
    "Cyrillic look-alike": "еditor",
    "mathematical letters": "𝐞𝐝𝐢𝐭𝐨𝐫",
    "full-width letters": "ｅｄｉｔｏｒ",
    "small capitals": "ᴇᴅɪᴛᴏʀ",
    "Persian letters for Arabic": "یوسف الادریسی",
    "look-alike domain": "https://pаypal.com/",
    "markup": "<script>alert(1)</script>",
}
# Bytes that are no UTF-8 (lone surrogates included: the only way to send one).
MALFORMED = {
    "truncated sequence": "%C3%28",
    "invalid byte FF": "%FF",
    "lone continuation byte": "%80",
    "overlong slash": "%C0%AF",
    "UTF-8 lone high surrogate": "%ED%A0%80",
    "UTF-8 lone low surrogate": "%ED%BF%BF",
    "beyond U+10FFFF": "%F4%90%80%80",
    "cut in the middle": "%E2%82",
    "encoded NUL": "%00",
}
READER_FIELDS = {
    "name": Kind.NAME,
    "email": Kind.ADDRESS,
    "url": Kind.ADDRESS,
    "body": Kind.TEXT,
}
FORM_FIELDS = [*READER_FIELDS, "parent", "served", "homepage"]


@pytest.fixture
def client():
    """A client that answers a 500 as the site would, so every failing input
    is listed rather than the first one raised."""
    return Client(raise_request_exception=False)


@pytest.fixture
def lenient(settings):
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0


def valid_comment(number: int) -> dict:
    return {
        "name": "سعاد العلوي",
        "email": f"souad{number}@example.ma",
        "url": "https://souad.example.ma/",
        "body": f"تعليق رقم {number} على الخبر.",
        "served": old_stamp(),
        "homepage": "",
        "parent": "",
    }


def text_kept(response, data: dict, fields) -> list[str]:
    """The reader fields whose text, cleaned, is not in the form sent back."""
    return [
        name
        for name in fields
        if escape(clean_text(data[name], READER_FIELDS[name])) not in response.text
    ]


@pytest.mark.usefixtures("lenient")
@pytest.mark.parametrize("field", FORM_FIELDS)
def test_comment_form_answers_hostile_text_in_any_field_without_error(client, field):
    article = ArticleFactory()
    CommentFactory(article=article)
    url = reverse("comments:post", args=[article.pk])
    failures = []
    for number, (label, value) in enumerate(HOSTILE.items()):
        data = valid_comment(number) | {field: value}
        response = client.post(url, data)
        if response.status_code >= 500:
            failures.append((label, response.status_code))
        elif response.status_code != 302 and "comment_form" in response.context:
            lost = text_kept(response, data, READER_FIELDS)
            if lost:
                failures.append((label, f"text lost in {lost}"))
    assert failures == []


@pytest.mark.usefixtures("lenient")
@pytest.mark.parametrize("field", FORM_FIELDS)
def test_comment_form_answers_malformed_utf8_in_any_field_without_error(client, field):
    article = ArticleFactory()
    url = reverse("comments:post", args=[article.pk])
    failures = []
    for number, (label, raw) in enumerate(MALFORMED.items()):
        data = valid_comment(number)
        others = {name: value for name, value in data.items() if name != field}
        response = client.post(
            url,
            f"{urlencode(others)}&{field}=ok{raw}ok",
            content_type="application/x-www-form-urlencoded",
        )
        if response.status_code >= 500:
            failures.append((label, response.status_code))
        elif response.status_code != 302 and "comment_form" in response.context:
            lost = text_kept(response, data, set(READER_FIELDS) - {field})
            if lost:
                failures.append((label, f"text lost in {lost}"))
    assert failures == []


def reader_pages() -> dict[str, list[str]]:
    """Each reader page, with the query parameters it reads."""
    article = ArticleFactory(tags=[TagFactory()])
    official = AttendeeFactory(article=article).official
    article.event = EventFactory(place=PlaceFactory())
    article.save()
    CommentFactory(article=article)
    return {
        reverse("articles:home"): ["page"],
        article.get_absolute_url(): ["pending", "replytocom"],
        article.section.get_absolute_url(): ["page"],
        article.tags.get().get_absolute_url(): ["page"],
        official.get_absolute_url(): ["page"],
        article.event.place.get_absolute_url(): ["page"],
        article.event.get_absolute_url(): ["page"],
        reverse("articles:search"): ["q", "page"],
        reverse("articles:archive"): ["page"],
        reverse("articles:archive-month", args=[2025, 10]): ["page"],
    }


def test_reader_pages_answer_hostile_query_parameters_without_error(client, settings):
    settings.PAGE_CACHE = True
    failures = []
    for url, parameters in reader_pages().items():
        for parameter in parameters:
            # The search's words with each page number tried, as a reader's.
            base = {"q": "خبر"} if parameter == "page" and "search" in url else {}
            for label, value in HOSTILE.items():
                response = client.get(url, base | {parameter: value})
                if response.status_code >= 500:
                    failures.append((url, parameter, label, response.status_code))
            for label, raw in MALFORMED.items():
                response = client.get(f"{url}?{urlencode(base)}&{parameter}=1{raw}")
                if response.status_code >= 500:
                    failures.append((url, parameter, label, response.status_code))
    assert failures == []


def test_addresses_with_hostile_segments_answer_without_error(client):
    ArticleFactory()
    failures = []
    for label, raw in MALFORMED.items():
        for url in [
            f"/comments/confirm/{raw}/",
            f"/section/{raw}/",
            f"/tag/{raw}/feed/",
            f"/1/{raw}/",
        ]:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((url, label, response.status_code))
    for label, value in HOSTILE.items():
        response = client.get(f"/comments/confirm/{quote(value, safe='')}/")
        if response.status_code >= 500:
            failures.append(("confirm", label, response.status_code))
    assert failures == []


def test_search_title_never_echoes_bidi_controls(client):
    for char in BIDI:
        response = client.get(reverse("articles:search"), {"q": f"خبر{char}عاجل"})
        title = response.text.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "خبرعاجل" in title
        assert char not in response.text


# --- whatever is stored, the XML is valid ---------------------------------------


def stored_controls(field) -> str:
    """Every control character a database can hold, and what a slug can carry."""
    # PostgreSQL refuses NUL in text: no row can hold one there.
    c0 = [c for c in CONTROLS if c != "\x00" or connection.vendor != "postgresql"]
    if field_kind(field) == Kind.ADDRESS and field.name == "slug":
        # A slug with C0 or DEL makes no address at all (the URL converter
        # refuses them): the stored ones are cleaned by the data migration and
        # every save derives the slug again.
        c0 = [c for c in c0 if ord(c) >= 0x80]
    return "".join(c0) + "".join(BIDI) + "\ufffe\uffff\ufdd0"


def dirty_every_text_field() -> list[str]:
    """Append every control character to every free text of every row, with
    update() (no save, no cleaning), as rows written before the rule hold them.
    Choices stay valid: an article that is no longer "published" shows nowhere.
    """
    user = get_user_model()
    # Every text field of ours, and the writer's name that bylines print.
    fields = [
        field
        for model in project_models()
        for field in model._meta.concrete_fields
        if field_kind(field) and not field.choices and not field.primary_key
    ] + [user._meta.get_field("first_name"), user._meta.get_field("last_name")]
    dirtied = []
    for field in fields:
        rows = field.model._base_manager
        for pk, value in rows.values_list("pk", field.attname):
            text = (value or "") + stored_controls(field)
            # Within the column (PostgreSQL checks): a full key stays as is.
            rows.filter(pk=pk).update(**{field.attname: text[: field.max_length]})
        dirtied.append(f"{field.model.__name__}.{field.name}")
    return dirtied


def xml_addresses(article: Article, official: Official, place: Place) -> list[str]:
    section, tag = Section.objects.get(), Tag.objects.get()
    feeds = [
        ("feed", []),
        ("section-feed", [section.slug]),
        ("tag-feed", [tag.slug]),
        ("official-feed", [official.pk, official.slug]),
        ("place-feed", [place.pk, place.slug]),
        ("comments-feed", []),
    ]
    addresses = [
        reverse(f"{name}{suffix}", args=args)
        for name, args in feeds
        for suffix in ("", "-atom")
    ]
    addresses.append(reverse("sitemap"))
    addresses += [reverse("sitemap-section", args=[key]) for key in SITEMAPS]
    addresses.append(reverse("news-sitemap"))
    return addresses


def test_feeds_and_sitemaps_are_valid_xml_whatever_the_stored_text(client):
    author = UserFactory(first_name="يوسف", last_name="الإدريسي")
    region = PlaceFactory()
    official = OfficialFactory(bio="سيرة")
    official.spellings.create(name="Youssef")
    PositionFactory(official=official)
    article = ArticleFactory(
        author=author,
        tags=[TagFactory()],
        section=SectionFactory(description="وصف القسم"),
        event=EventFactory(
            place=region,
            venue="قاعة",
            organizer=OrganizationFactory(short_name="ح"),
            presided_by=official,
        ),
        featured_image=stored_image(
            encode(marked_picture((400, 200))), caption="تعليق", credit="تصوير"
        ),
        published_at=timezone.now() - datetime.timedelta(hours=2),
    )
    AttendeeFactory(article=article, official=official, name_as_printed="يوسف")
    parent = CommentFactory(
        article=article, url="https://example.ma/", status=Comment.Status.PENDING
    )
    CommentFactory(article=article, parent=parent, status=Comment.Status.PENDING)
    Commenter.objects.create(email_key="reader@example.ma")
    StampUse.objects.create(
        key="stamp", uses=1, expires_at=timezone.now() + datetime.timedelta(hours=1)
    )
    RateLimit.objects.create(key="limit", until=timezone.now())

    dirtied = dirty_every_text_field()
    Comment.objects.update(status=Comment.Status.APPROVED)

    assert {"Article.title", "Comment.name", "Comment.body", "Tag.name"} <= {*dirtied}
    article.refresh_from_db()
    assert "\x1b" in article.title
    official.refresh_from_db()
    failures = []
    for address in xml_addresses(article, official, Place.objects.get(pk=region.pk)):
        response = client.get(address)
        try:
            assert response.status_code == 200, response.status_code
            ET.fromstring(response.content)
        except (AssertionError, ET.ParseError) as error:
            failures.append((address, str(error)))
    assert failures == []


def test_feeds_show_the_stored_text_without_its_control_characters(client):
    article = ArticleFactory(title="خبر عاجل")
    CommentFactory(article=article, name="سعاد", body="تعليق مفيد")
    Article.objects.filter(pk=article.pk).update(title="خبر\x1b عاجل\x0c")
    Comment.objects.update(name="سعاد\x08", body="تعليق\x1f مفيد")
    feed = ET.fromstring(client.get(reverse("feed")).content)
    assert [item.findtext("title") for item in feed.iter("item")] == ["خبر عاجل"]
    comments = ET.fromstring(client.get(reverse("comments-feed")).content)
    (item,) = comments.iter("item")
    assert "سعاد" in item.findtext("title")
    assert "تعليق مفيد" in item.findtext("description")
    news = ET.fromstring(client.get(reverse("news-sitemap")).content)
    titles = [element.text for element in news.iter() if element.tag.endswith("title")]
    assert titles == ["خبر عاجل"]
