"""RSS feeds, the sitemap and robots.txt."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    OfficialFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DC = "{http://purl.org/dc/elements/1.1/}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def rss_items(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("channel/item")


def locations(response) -> list[str]:
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- the articles feed ----------------------------------------------------------------


def test_feed_lists_the_latest_published_articles(client):
    ArticleFactory(
        title="خبر الأمس", published_at=timezone.now() - datetime.timedelta(1)
    )
    ArticleFactory(title="خبر اليوم")
    ArticleFactory(title="مسودة", draft=True)
    ArticleFactory(title="خبر الغد", scheduled=True)
    items = rss_items(client.get("/feed/"))
    assert [i.findtext("title") for i in items] == ["خبر اليوم", "خبر الأمس"]


def test_feed_item_has_link_lede_date_and_categories(client):
    section = SectionFactory(name="سياسة")
    article = ArticleFactory(
        section=section,
        lede="مقدمة <الخبر> & تفاصيله",
        tags=[TagFactory(name="انتخابات"), TagFactory(name="الدار البيضاء")],
    )
    channel = ET.fromstring(client.get("/feed/").content).find("channel")
    assert channel.findtext("language") == "ar"
    (item,) = channel.findall("item")
    assert item.findtext("link") == "http://testserver" + article.get_absolute_url()
    # Plain text, escaped for the readers that show descriptions as HTML.
    assert item.findtext("description") == "مقدمة &lt;الخبر&gt; &amp; تفاصيله"
    assert item.findtext("pubDate")
    assert {c.text for c in item.findall("category")} == {
        "سياسة",
        "انتخابات",
        "الدار البيضاء",
    }


def test_feed_names_the_author_and_never_their_address(client):
    writer = UserFactory(
        username="writer.login",
        email="writer@example.ma",
        first_name="نادية",
        last_name="بناني",
        is_staff=True,
    )
    ArticleFactory(author=writer)
    nameless = UserFactory(username="nameless.login", email="nameless@example.ma")
    ArticleFactory(author=nameless)
    response = client.get("/feed/")
    creators = [i.findtext(f"{DC}creator") for i in rss_items(response)]
    assert sorted(creators, key=str) == sorted(["نادية بناني", None], key=str)
    body = response.content.decode()
    for secret in ["writer@example.ma", "nameless@example.ma", "nameless.login"]:
        assert secret not in body
    assert "<author>" not in body


def test_section_feed_lists_only_its_section(client):
    economy = SectionFactory(name="اقتصاد")
    ArticleFactory(section=economy, title="ميزانية الجهة")
    ArticleFactory(title="خبر من قسم آخر")
    response = client.get(f"/section/{economy.slug}/feed/")
    assert [i.findtext("title") for i in rss_items(response)] == ["ميزانية الجهة"]
    channel = ET.fromstring(response.content).find("channel")
    assert "اقتصاد" in channel.findtext("title")
    assert channel.findtext("link").endswith(economy.get_absolute_url())


def test_section_feed_of_a_missing_section_is_404(client):
    assert client.get("/section/لا-يوجد/feed/").status_code == 404


def test_feeds_cost_the_same_queries_for_2_or_12_articles(client):
    section = SectionFactory()
    author = UserFactory(first_name="نادية", last_name="بناني")
    tags = [TagFactory(), TagFactory()]
    for _ in range(2):
        ArticleFactory(section=section, author=author, tags=tags)
    few = [queries(client, "/feed/"), queries(client, f"/section/{section.slug}/feed/")]
    for _ in range(10):
        ArticleFactory(section=section, author=author, tags=tags)
    many = [
        queries(client, "/feed/"),
        queries(client, f"/section/{section.slug}/feed/"),
    ]
    assert few == many


# --- the comments feed ----------------------------------------------------------------


def test_comments_feed_lists_approved_comments_by_name_only(client):
    article = ArticleFactory(title="لقاء تواصلي")
    comment = CommentFactory(
        article=article,
        name="سعاد",
        email="Souad.Private@Example.ma",
        url="https://souad.example.ma/",
        body="تعليق <مهم>\nفي سطرين",
    )
    CommentFactory(article=article, body="ينتظر المراجعة", status="pending")
    CommentFactory(article=article, body="رسالة مزعجة", status="spam")
    CommentFactory(article=ArticleFactory(draft=True), body="على مسودة")
    response = client.get("/comments/feed/")
    (item,) = rss_items(response)
    assert item.findtext("title") == "سعاد على «لقاء تواصلي»"
    assert item.findtext("link") == f"http://testserver{comment.get_absolute_url()}"
    assert item.findtext("link").endswith(f"#comment-{comment.pk}")
    assert item.findtext(f"{DC}creator") == "سعاد"
    assert "&lt;مهم&gt;" in item.findtext("description")
    body = response.content.decode().lower()
    for secret in ["souad.private", "example.ma", "<author>", "souad.example"]:
        assert secret not in body


def test_comments_feed_calls_an_erased_commenter_anonymous(client):
    comment = CommentFactory(name="سعاد", body="نص باقٍ")
    Comment.objects.filter(pk=comment.pk).update(
        name="", email="", erased_at=timezone.now()
    )
    CommentFactory(name="", body="", erased_at=timezone.now())  # nothing to show
    (item,) = rss_items(client.get("/comments/feed/"))
    assert item.findtext(f"{DC}creator") == "مجهول"


def test_comments_feed_costs_the_same_queries_for_2_or_12_comments(client):
    article = ArticleFactory()
    CommentFactory.create_batch(2, article=article)
    few = queries(client, "/comments/feed/")
    CommentFactory.create_batch(10, article=ArticleFactory())
    assert queries(client, "/comments/feed/") == few


# --- sitemap and robots.txt -----------------------------------------------------------


def test_sitemap_index_points_to_every_part(client):
    parts = locations(client.get("/sitemap.xml"))
    assert sorted(p.rsplit("/", 1)[1] for p in parts) == [
        "sitemap-articles.xml",
        "sitemap-officials.xml",
        "sitemap-pages.xml",
        "sitemap-sections.xml",
        "sitemap-tags.xml",
    ]
    assert all(p.startswith("http://testserver/") for p in parts)


def test_sitemap_lists_published_articles_with_their_date(client):
    article = ArticleFactory()
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    response = client.get("/sitemap-articles.xml")
    urls = locations(response)
    assert urls == [f"http://testserver{article.get_absolute_url()}"]
    assert draft.get_absolute_url() not in response.content.decode()
    assert scheduled.get_absolute_url() not in response.content.decode()
    lastmod = ET.fromstring(response.content).find(f"{SITEMAP}url/{SITEMAP}lastmod")
    assert lastmod.text.startswith(str(timezone.now().year))


def test_sitemap_lists_sections_used_tags_officials_and_pages(client):
    used, unused = TagFactory(), TagFactory()
    article = ArticleFactory(tags=[used])
    draft = ArticleFactory(draft=True, tags=[unused])
    official = OfficialFactory()
    # Every section: each is a menu entry and a page, even while empty.
    assert sorted(locations(client.get("/sitemap-sections.xml"))) == sorted(
        f"http://testserver{a.section.get_absolute_url()}" for a in [article, draft]
    )
    assert locations(client.get("/sitemap-tags.xml")) == [
        f"http://testserver{used.get_absolute_url()}"
    ]
    assert locations(client.get("/sitemap-officials.xml")) == [
        f"http://testserver{official.get_absolute_url()}"
    ]
    assert locations(client.get("/sitemap-pages.xml")) == [
        "http://testserver/",
        "http://testserver/archive/",
    ]


def test_sitemap_costs_the_same_queries_for_2_or_12_articles(client):
    tag = TagFactory()
    ArticleFactory.create_batch(2, tags=[tag])
    OfficialFactory.create_batch(2)
    parts = ["articles", "sections", "tags", "officials"]
    urls = ["/sitemap.xml", *(f"/sitemap-{p}.xml" for p in parts)]
    few = [queries(client, url) for url in urls]
    ArticleFactory.create_batch(10, tags=[tag])
    OfficialFactory.create_batch(10)
    assert [queries(client, url) for url in urls] == few


def test_robots_txt_allows_all_but_private_paths_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    for path in ["/admin/", "/comments/", "/*/seen.gif"]:
        assert f"Disallow: {path}" in lines
    # The comments feed is public, though the rest of /comments/ is not.
    assert "Allow: /comments/feed/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
