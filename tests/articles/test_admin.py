"""The editors' flows, through the admin, as an editor clicks them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import Article, Attendee, Official, Section
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
)
from tests.helpers import article_form, attendee_rows, change_url

pytestmark = pytest.mark.django_db


def test_article_list_shows_status_section_date_views_and_comments(editor_client):
    article = ArticleFactory(title="خبر في القائمة")
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status="pending")
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list.get(pk=article.pk)
    assert row.comment_count == 2
    assert "خبر في القائمة" in response.content.decode()


def test_article_list_search_and_filters(editor_client):
    ArticleFactory(title="مجلس الجهة يصادق")
    ArticleFactory(title="مباراة الوداد", draft=True)
    url = reverse("admin:articles_article_changelist")
    found = editor_client.get(url, {"q": "الجهة"}).context["cl"].result_list
    assert [a.title for a in found] == ["مجلس الجهة يصادق"]
    drafts = editor_client.get(url, {"status__exact": "draft"}).context["cl"]
    assert [a.title for a in drafts.result_list] == ["مباراة الوداد"]


def test_editor_adds_article_with_attendees_and_server_made_slug(editor_client):
    section = SectionFactory()
    official = OfficialFactory(name="عبد الرحيم بن الضو")
    position = PositionFactory(official=official, title="الأمين الجهوي")
    official_with_spelling = OfficialFactory(name="أحمد ابريجة")
    official_with_spelling.spellings.create(name="Ahmed Brija")
    data = article_form(section, title="البام يعزز التنسيق الجهوي") | attendee_rows(
        {
            "official": str(official.pk),
            "role_as_printed": "الأمين الجهوي للحزب بجهة الدار البيضاء-سطات",
            "participation": "presided",
            "position": str(position.pk),
        },
        {"name_as_printed": "Ahmed BRIJA", "role_as_printed": "رئيس الفريق"},
        {"name_as_printed": "شخص غير مسجل", "role_as_printed": "فاعل جمعوي"},
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()
    assert article.slug == "البام-يعزز-التنسيق-الجهوي"
    rows = list(article.attendees.all())
    assert [(a.official, a.participation) for a in rows] == [
        (official, "presided"),
        (official_with_spelling, "attended"),  # matched by its Latin spelling
        (None, "attended"),
    ]
    assert rows[0].position == position
    assert rows[1].name_as_printed == "Ahmed BRIJA"  # kept exactly as typed
    assert rows[2].name_as_printed == "شخص غير مسجل"


def test_missing_section_is_an_arabic_form_error(editor_client):
    data = article_form(SectionFactory()) | {"section": ""}
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()
    assert not Article.objects.exists()


def test_punctuation_only_title_is_an_arabic_form_error(editor_client):
    data = article_form(SectionFactory(), title="؟!…")
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "title" in response.context["adminform"].form.errors
    assert "حرف" in response.content.decode()
    assert not Article.objects.exists()


def test_colliding_section_name_is_a_form_error(editor_client):
    SectionFactory(name="سياسة")
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {"name": "سياسة", "slug": "", "position": "0", "description": ""},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Section.objects.count() == 1


def test_same_title_twice_gives_two_distinct_urls(editor_client):
    section = SectionFactory()
    url = reverse("admin:articles_article_add")
    for _ in range(2):
        assert editor_client.post(url, article_form(section)).status_code == 302
    first, second = Article.objects.order_by("pk")
    assert first.slug == second.slug
    assert first.get_absolute_url() != second.get_absolute_url()


def test_publish_and_unpublish_actions(editor_client):
    drafts = ArticleFactory.create_batch(2, draft=True)
    url = reverse("admin:articles_article_changelist")
    ids = [str(a.pk) for a in drafts]
    editor_client.post(url, {"action": "publish", "_selected_action": ids})
    assert Article.objects.published().count() == 2
    editor_client.post(url, {"action": "unpublish", "_selected_action": ids})
    assert Article.objects.published().count() == 0


def test_official_named_in_an_article_cannot_be_deleted(editor_client):
    attendee = AttendeeFactory()
    url = reverse("admin:articles_official_delete", args=[attendee.official.pk])
    page = editor_client.get(url)
    assert page.context["protected"]
    editor_client.post(url, {"post": "yes"})
    assert Official.objects.filter(pk=attendee.official.pk).exists()
    assert Attendee.objects.filter(pk=attendee.pk).exists()


def test_official_autocomplete_finds_latin_spellings(editor_client):
    official = OfficialFactory(name="نجوى ككوس")
    official.spellings.create(name="Najwa Koukouss")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Koukouss",
            "app_label": "articles",
            "model_name": "attendee",
            "field_name": "official",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["نجوى ككوس"]


def test_article_change_page_links_to_the_site(editor_client):
    article = ArticleFactory(draft=True)
    page = editor_client.get(change_url(article))
    assert page.context["has_absolute_url"]
    assert editor_client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "model",
    [
        "article",
        "official",
        "position",
        "organization",
        "place",
        "section",
        "tag",
        "event",
    ],
)
def test_every_editor_page_opens(editor_client, model):
    for name in ["changelist", "add"]:
        url = reverse(f"admin:articles_{model}_{name}")
        assert editor_client.get(url).status_code == 200, url
