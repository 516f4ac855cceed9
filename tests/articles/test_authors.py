"""Writers' pages, their feeds, bylines that link to them, and agency credit."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Article, AuthorProfile
from tests.articles.test_structured_data import json_ld
from tests.factories import ArticleFactory, UserFactory
from tests.helpers import article_form, change_url, html

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    user = UserFactory(
        username="salma.login",
        email="salma.private@example.com",
        first_name="سلمى",
        last_name="البناني",
        is_staff=True,
    )
    AuthorProfile.objects.create(user=user, bio="صحفية تتابع شؤون الجماعات.")
    return user


def author_page(user) -> str:
    return reverse("articles:author", args=[user.pk, "سلمى-البناني"])


def test_author_page_shows_name_bio_and_published_articles(client, writer):
    ArticleFactory(author=writer, title="خبر منشور للكاتبة")

    page = html(client.get(author_page(writer)))

    assert "سلمى البناني" in page
    assert "صحفية تتابع شؤون الجماعات." in page
    assert "خبر منشور للكاتبة" in page


def test_author_page_lists_neither_drafts_scheduled_nor_others_articles(client, writer):
    ArticleFactory(author=writer, title="خبر منشور للكاتبة")
    ArticleFactory(author=writer, title="مسودة لم تنشر", draft=True)
    ArticleFactory(author=writer, title="خبر مبرمج للغد", scheduled=True)
    ArticleFactory(author=UserFactory(first_name="يوسف"), title="خبر زميل آخر")

    page = html(client.get(author_page(writer)))

    assert "خبر منشور للكاتبة" in page
    assert "مسودة لم تنشر" not in page
    assert "خبر مبرمج للغد" not in page
    assert "خبر زميل آخر" not in page


def test_author_page_and_feed_never_show_login_or_email(client, writer):
    ArticleFactory(author=writer)
    feed_url = reverse("author-feed", args=[writer.pk, "سلمى-البناني"])

    for url in [author_page(writer), feed_url, f"{feed_url}atom/"]:
        body = html(client.get(url))
        assert "salma" not in body, url
        assert "example.com" not in body, url


def test_wrong_or_missing_slug_redirects_permanently_keeping_the_query(client, writer):
    ArticleFactory(author=writer)

    for url in [
        f"/authors/{writer.pk}/old-name/?page=1",
        f"/authors/{writer.pk}/?page=1",
    ]:
        response = client.get(url)
        assert response.status_code == 301, url
        assert response["Location"] == author_page(writer) + "?page=1"


def test_user_without_a_published_article_has_no_page(client, writer):
    ArticleFactory(author=writer, draft=True)

    assert client.get(author_page(writer)).status_code == 404
    assert client.get(f"/authors/{writer.pk}/x/").status_code == 404


def test_unknown_user_has_no_page(client):
    assert client.get("/authors/999999/x/").status_code == 404


def test_article_byline_links_to_the_author_page(client, writer):
    article = ArticleFactory(author=writer)

    page = html(client.get(article.get_absolute_url()))

    assert f'href="{author_page(writer)}" rel="author"' in page
    assert client.get(author_page(writer)).status_code == 200


def test_article_json_ld_author_is_a_person_with_the_page_address(client, writer):
    article = ArticleFactory(author=writer)

    author = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]["author"]

    assert author == {
        "@type": "Person",
        "name": "سلمى البناني",
        "url": "http://testserver" + author_page(writer),
    }


def test_author_page_json_ld_is_the_person(client, writer):
    ArticleFactory(author=writer)

    person = json_ld(client.get(author_page(writer)))["Person"]

    assert person["name"] == "سلمى البناني"
    assert person["url"] == "http://testserver" + author_page(writer)
    assert person["description"] == "صحفية تتابع شؤون الجماعات."


def test_source_credit_is_shown_beside_the_byline_and_in_json_ld(client, writer):
    article = ArticleFactory(author=writer, source_credit="و م ع")

    response = client.get(article.get_absolute_url())

    assert '<span class="byline__source">' in html(response)
    assert "<bdi>و م ع</bdi>" in html(response)
    data = json_ld(response)["NewsArticle"]
    assert data["sourceOrganization"] == {"@type": "Organization", "name": "و م ع"}
    assert data["creditText"] == "و م ع"


def test_article_without_source_credit_names_no_source(client, writer):
    article = ArticleFactory(author=writer)

    response = client.get(article.get_absolute_url())

    assert "byline__source" not in html(response)
    assert "sourceOrganization" not in json_ld(response)["NewsArticle"]


def test_editor_sets_source_credit_in_the_article_admin(editor_client, writer):
    article = ArticleFactory(author=writer)
    form_page = html(editor_client.get(change_url(article)))
    assert '<option value="أ ف ب">' in form_page

    response = editor_client.post(
        change_url(article),
        article_form(
            article.section,
            title=article.title,
            status="published",
            published_at_0=article.published_at.strftime("%Y-%m-%d"),
            published_at_1=article.published_at.strftime("%H:%M:%S"),
            author=writer.pk,
            source_credit="أ ف ب",
        ),
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).source_credit == "أ ف ب"


def test_author_feed_parses_and_lists_only_their_published_articles(client, writer):
    ArticleFactory(author=writer, title="خبر منشور للكاتبة")
    ArticleFactory(author=writer, title="مسودة لم تنشر", draft=True)
    ArticleFactory(title="خبر زميل آخر")

    response = client.get(reverse("author-feed", args=[writer.pk, "سلمى-البناني"]))

    root = ET.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["خبر منشور للكاتبة"]
    assert "سلمى البناني" in root.findtext("channel/title")


def test_sitemap_lists_writers_with_published_articles(client, writer):
    ArticleFactory(author=writer)
    UserFactory(first_name="كاتب", last_name="بلا مقالات")

    body = html(client.get("/sitemap-writers.xml"))

    assert "http://testserver" + author_page(writer) in body
    assert body.count("<url>") == 1
