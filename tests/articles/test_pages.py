from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    OfficialFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
)
from tests.helpers import html

pytestmark = pytest.mark.django_db
CASABLANCA = zoneinfo.ZoneInfo("Africa/Casablanca")


def test_home_lists_published_articles_only(reader_client):
    visible = ArticleFactory(title="خبر منشور للقراء")
    ArticleFactory(title="مسودة لم تنشر", draft=True)
    ArticleFactory(title="خبر مبرمج للغد", scheduled=True)
    page = html(reader_client.get("/"))
    assert visible.title in page
    assert "مسودة لم تنشر" not in page
    assert "خبر مبرمج للغد" not in page


def test_home_shows_most_read_articles_first(reader_client):
    quiet = ArticleFactory(title="خبر قليل القراءة")
    popular = ArticleFactory(title="خبر كثير القراءة")
    read = ArticleFactory(title="خبر مقروء")
    Article.objects.filter(pk=popular.pk).update(view_count=500)
    Article.objects.filter(pk=read.pk).update(view_count=40)
    response = reader_client.get("/")
    assert list(response.context["most_read"]) == [popular, read, quiet]
    block = html(response).split('id="most-read-heading"', 1)[-1]
    assert (
        block.index(popular.title) < block.index(read.title) < block.index(quiet.title)
    )


def test_every_page_is_arabic_and_right_to_left(reader_client):
    article = ArticleFactory()
    for url in ["/", article.get_absolute_url(), reverse("articles:archive")]:
        assert '<html lang="ar" dir="rtl">' in html(reader_client.get(url))


def test_article_page_shows_title_lede_body_and_counts(reader_client):
    article = ArticleFactory(
        title="لقاء تواصلي بجهة الدار البيضاء-سطات",
        lede="مقدمة الخبر",
        body="<p>الفقرة الأولى.</p><p>الفقرة الثانية.</p>",
    )
    Article.objects.filter(pk=article.pk).update(view_count=158)
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status="pending")
    response = reader_client.get(article.get_absolute_url())
    page = html(response)
    assert article.title in page
    assert "مقدمة الخبر" in page
    assert "<p>الفقرة الأولى.</p>" in page and "<p>الفقرة الثانية.</p>" in page
    assert response.context["article"].comment_count == 2
    assert "158" in page


def test_article_page_dates_use_moroccan_month_names(reader_client):
    article = ArticleFactory(
        published_at=datetime.datetime(2025, 8, 5, 16, 5, tzinfo=CASABLANCA)
    )
    page = html(reader_client.get(article.get_absolute_url()))
    assert "5 غشت 2025" in page
    assert 'datetime="2025-08-05T16:05:00+01:00"' in page
    assert "أغسطس" not in page


def test_article_page_lists_attendees_in_order_with_roles_as_printed(reader_client):
    article = ArticleFactory()
    official = OfficialFactory(name="عبد الرحيم بن الضو")
    AttendeeFactory(
        article=article,
        official=official,
        role_as_printed="الأمين الجهوي للحزب بجهة الدار البيضاء-سطات",
        participation="presided",
        order=1,
    )
    AttendeeFactory(
        article=article, official=None, name_as_printed="اسم غير مسجل", order=2
    )
    page = html(reader_client.get(article.get_absolute_url()))
    assert "الأمين الجهوي للحزب بجهة الدار البيضاء-سطات" in page
    assert official.get_absolute_url() in page
    assert page.index("عبد الرحيم بن الضو") < page.index("اسم غير مسجل")
    assert "<bdi>اسم غير مسجل</bdi>" in page


def test_article_page_shows_the_event(reader_client):
    event = EventFactory(title="لقاء تواصلي وتنظيمي", venue="المقر الجهوي للحزب")
    article = ArticleFactory(event=event)
    page = html(reader_client.get(article.get_absolute_url()))
    assert "لقاء تواصلي وتنظيمي" in page
    assert "المقر الجهوي للحزب" in page


def test_article_user_text_is_escaped(reader_client):
    article = ArticleFactory(
        title="<b>عنوان</b>", body="<p>نص</p><script>alert(1)</script>"
    )
    page = html(reader_client.get(article.get_absolute_url()))
    assert "&lt;b&gt;عنوان&lt;/b&gt;" in page
    # The body is HTML: the allow-list drops the script, it is not shown as text.
    assert "alert(1)" not in page


def test_wrong_or_missing_slug_redirects_permanently_to_the_canonical_url(
    reader_client,
):
    article = ArticleFactory(title="عنوان المقال")
    canonical = article.get_absolute_url()
    for url in [f"/{article.pk}/", f"/{article.pk}/عنوان-قديم/"]:
        response = reader_client.get(url)
        assert response.status_code == 301
        assert response["Location"] == canonical


def test_percent_encoded_arabic_slug_is_the_canonical_url(reader_client):
    article = ArticleFactory(title="عنوان المقال")
    response = reader_client.get(
        f"/{article.pk}/%D8%B9%D9%86%D9%88%D8%A7%D9%86-%D8%A7%D9%84%D9%85%D9%82%D8%A7%D9%84/"
    )
    assert response.status_code == 200


def test_draft_is_404_for_readers(reader_client):
    article = ArticleFactory(draft=True)
    assert reader_client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_is_404_for_readers(reader_client):
    article = ArticleFactory(scheduled=True)
    assert reader_client.get(article.get_absolute_url()).status_code == 404


def test_staff_can_preview_a_draft_as_readers_will_see_it(editor_client):
    article = ArticleFactory(draft=True, title="مسودة للمعاينة")
    response = editor_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.context["is_preview"] is True
    assert "مسودة للمعاينة" in html(response)


def test_section_page_lists_its_published_articles(reader_client):
    section = SectionFactory(name="رياضة")
    mine = ArticleFactory(section=section, title="مباراة الرجاء")
    ArticleFactory(title="خبر من قسم آخر")
    ArticleFactory(section=section, draft=True, title="مسودة رياضية")
    response = reader_client.get(section.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert mine.title in page
    assert "خبر من قسم آخر" not in page and "مسودة رياضية" not in page


def test_tag_page_lists_its_published_articles(reader_client):
    tag = TagFactory(name="الانتخابات")
    tagged = ArticleFactory(tags=[tag], title="استعدادات الانتخابات")
    ArticleFactory(title="خبر بلا وسم")
    page = html(reader_client.get(tag.get_absolute_url()))
    assert tagged.title in page
    assert "خبر بلا وسم" not in page


def test_official_page_shows_positions_and_articles_with_the_role_at_the_time(
    reader_client,
):
    official = OfficialFactory(name="نجوى ككوس")
    PositionFactory(official=official, title="رئيسة المجلس الوطني للحزب")
    article = ArticleFactory(title="لقاء جهوي")
    AttendeeFactory(
        article=article, official=official, role_as_printed="البرلمانية عن الدائرة"
    )
    AttendeeFactory(
        article=ArticleFactory(draft=True, title="مسودة عنها"), official=official
    )
    response = reader_client.get(official.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert "رئيسة المجلس الوطني للحزب" in page
    assert "لقاء جهوي" in page and "البرلمانية عن الدائرة" in page
    assert "مسودة عنها" not in page


def test_official_url_without_slug_redirects(reader_client):
    official = OfficialFactory(name="يوسف مفلح")
    response = reader_client.get(f"/people/{official.pk}/")
    assert response.status_code == 301
    assert response["Location"] == official.get_absolute_url()


def test_monthly_archive_lists_that_months_articles(reader_client):
    october = ArticleFactory(
        published_at=datetime.datetime(2025, 10, 24, 18, 0, tzinfo=CASABLANCA)
    )
    ArticleFactory(published_at=datetime.datetime(2025, 9, 2, tzinfo=CASABLANCA))
    response = reader_client.get("/archive/2025/10/")
    assert response.status_code == 200
    assert [a.pk for a in response.context["page_obj"]] == [october.pk]
    index = html(reader_client.get("/archive/"))
    assert "/archive/2025/10/" in index and "/archive/2025/09/" in index


@pytest.mark.parametrize("url", ["/archive/2025/13/", "/archive/1999/01/"])
def test_impossible_or_empty_month_is_404(reader_client, url):
    ArticleFactory()
    assert reader_client.get(url).status_code == 404


def test_listing_is_paginated(reader_client, settings):
    settings.ARTICLES_PER_PAGE = 2
    ArticleFactory.create_batch(5)
    assert len(reader_client.get("/?page=3").context["page_obj"].object_list) == 1


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "1e9", "99999999999999999999"])
def test_page_number_out_of_range_is_404(reader_client, settings, page):
    settings.ARTICLES_PER_PAGE = 2
    ArticleFactory.create_batch(5)
    assert reader_client.get("/", {"page": page}).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/99999999999999999999/x/",
        "/1/%00/",
        "/1/..%2F..%2Fetc%2Fpasswd/",
        "/section/%00/",
        "/tag/%3Cscript%3E/",
        "/people/99999999999999999999/x/",
        "/archive/99999/99/",
        "/%D8/",
    ],
)
def test_malformed_or_hostile_path_is_answered_without_error(reader_client, path):
    ArticleFactory()
    response = reader_client.get(path)
    assert response.status_code in {301, 404}


def test_not_found_page_is_in_arabic(reader_client):
    response = reader_client.get("/لا-توجد-صفحة/")
    page = html(response, 404)
    assert '<html lang="ar" dir="rtl">' in page
    assert "الصفحة غير موجودة" in page


def test_server_error_page_renders_alone_in_arabic():
    page = render_to_string("500.html")
    assert 'lang="ar"' in page and 'dir="rtl"' in page
    assert "خطأ" in page


def test_article_page_is_cacheable_by_shared_caches(reader_client):
    response = reader_client.get(ArticleFactory().get_absolute_url())
    assert "public" in response["Cache-Control"]
    assert "s-maxage=60" in response["Cache-Control"]


def test_preview_is_never_cached(editor_client):
    response = editor_client.get(ArticleFactory(draft=True).get_absolute_url())
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_article_page_refuses_post(reader_client):
    article = ArticleFactory()
    assert reader_client.post(article.get_absolute_url()).status_code == 405


def test_reader_pages_vary_on_neither_cookie_nor_language(reader_client):
    # A shared cache keys a page by its Vary headers: one copy for every reader.
    article = ArticleFactory()
    for url in ["/", article.get_absolute_url(), article.section.get_absolute_url()]:
        response = reader_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        vary = response.get("Vary", "")
        assert "Cookie" not in vary and "Accept-Language" not in vary, url
        assert 'lang="ar"' in html(response)


def test_staff_still_preview_drafts_with_their_session(editor_client):
    draft = ArticleFactory(title="مسودة للمعاينة", draft=True)
    response = editor_client.get(draft.get_absolute_url())
    assert "مسودة للمعاينة" in html(response)
    assert "no-store" in response["Cache-Control"]
