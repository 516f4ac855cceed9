"""RSS and Atom feeds, and the pages that announce them."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest
from django.utils import timezone

from articles.models import Place
from comments.models import Comment
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    OfficialFactory,
    PlaceFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
    commune_in,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db
DC = "{http://purl.org/dc/elements/1.1/}"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# W3C date-time with seconds and an explicit offset: 2025-10-24T11:00:00+01:00.
DATETIME_WITH_OFFSET = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$"
)


def rss_items(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("channel/item")


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
    few = [
        queries_for(client, "/feed/"),
        queries_for(client, f"/section/{section.slug}/feed/"),
    ]
    for _ in range(10):
        ArticleFactory(section=section, author=author, tags=tags)
    many = [
        queries_for(client, "/feed/"),
        queries_for(client, f"/section/{section.slug}/feed/"),
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
    few = queries_for(client, "/comments/feed/")
    CommentFactory.create_batch(10, article=ArticleFactory())
    assert queries_for(client, "/comments/feed/") == few


# --- helpers for the feeds below ------------------------------------------------------


def atom_entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def feed_titles(response) -> list[str]:
    if response["Content-Type"].startswith("application/atom+xml"):
        return [e.findtext(f"{ATOM}title") for e in atom_entries(response)]
    return [i.findtext("title") for i in rss_items(response)]


def feed_links(response) -> list[str]:
    """Every address the feed gives: channel, items, self links."""
    root = ET.fromstring(response.content)
    links = [link.text for link in root.iter("link") if link.text]
    links += [link.get("href") for link in root.iter(f"{ATOM}link")]
    links += [guid.text for guid in root.iter("guid")]
    links += [id_.text for id_ in root.iter(f"{ATOM}id")]
    return links


@pytest.fixture
def everything():
    """An article reachable through every feed, with Arabic in every address."""
    region = PlaceFactory(name="الدار البيضاء سطات")
    commune = commune_in(region, name="عين الشق")
    official = OfficialFactory(name="نادية بناني")
    tag = TagFactory(name="مجلس جماعي")
    section = SectionFactory(name="جهات")
    article = ArticleFactory(
        title="دورة المجلس الجماعي لعين الشق",
        section=section,
        tags=[tag],
        event=EventFactory(title="دورة أكتوبر", place=commune),
    )
    AttendeeFactory(article=article, official=official)
    CommentFactory(article=article, name="سعاد", email="souad@example.ma")
    return {
        "article": article,
        "urls": [
            "/feed/",
            "/feed/atom/",
            f"/section/{section.slug}/feed/",
            f"/section/{section.slug}/feed/atom/",
            f"/tag/{tag.slug}/feed/",
            f"/tag/{tag.slug}/feed/atom/",
            f"{official.get_absolute_url()}feed/",
            f"{official.get_absolute_url()}feed/atom/",
            f"{region.get_absolute_url()}feed/",
            f"{region.get_absolute_url()}feed/atom/",
            "/comments/feed/",
            "/comments/feed/atom/",
        ],
    }


# --- every feed -----------------------------------------------------------------------


def test_every_feed_is_xml_in_arabic_with_the_article(client, everything):
    for url in everything["urls"]:
        response = client.get(url)
        assert response.status_code == 200, url
        root = ET.fromstring(response.content)
        if root.tag == f"{ATOM}feed":
            assert root.get(XML_LANG) == "ar", url
        else:
            assert root.findtext("channel/language") == "ar", url
        titles = feed_titles(response)
        assert len(titles) == 1, url
        # The Arabic title arrives whole, not as entities or question marks.
        assert "دورة المجلس الجماعي لعين الشق" in titles[0], url


def test_every_feed_link_is_absolute_ascii_and_decodes_to_the_arabic_slug(
    client, everything
):
    slug = everything["article"].slug
    for url in everything["urls"]:
        links = feed_links(client.get(url))
        assert links, url
        for link in links:
            assert link.isascii(), (url, link)
            assert urlsplit(link).scheme == "http", (url, link)
            assert urlsplit(link).netloc == "testserver", (url, link)
        decoded = [unquote(link) for link in links]
        assert any(f"/{slug}/" in link for link in decoded), url


def test_no_feed_contains_an_email_address(client, everything):
    writer = UserFactory(email="writer@example.ma", first_name="نادية")
    article = everything["article"]
    article.author = writer
    article.save()
    for url in everything["urls"]:
        body = client.get(url).content.decode()
        assert "@" not in body, url
        assert "<email>" not in body, url


def test_atom_feed_has_subtitle_author_and_dated_entries(client):
    ArticleFactory(title="خبر اليوم", lede="مقدمة <الخبر>")
    root = ET.fromstring(client.get("/feed/atom/").content)
    assert root.findtext(f"{ATOM}subtitle") == "آخر أخبار الجهة."
    assert root.findtext(f"{ATOM}author/{ATOM}name")
    assert root.findtext(f"{ATOM}id")
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "خبر اليوم"
    assert entry.findtext(f"{ATOM}summary") == "مقدمة &lt;الخبر&gt;"
    assert DATETIME_WITH_OFFSET.match(entry.findtext(f"{ATOM}published"))
    assert DATETIME_WITH_OFFSET.match(entry.findtext(f"{ATOM}updated"))


# --- tag, official and region feeds ---------------------------------------------------


def test_tag_feed_lists_only_published_articles_with_the_tag(client):
    tag = TagFactory(name="انتخابات")
    ArticleFactory(title="الحملة الانتخابية", tags=[tag])
    ArticleFactory(title="مسودة انتخابية", tags=[tag], draft=True)
    ArticleFactory(title="خبر بلا وسم")
    response = client.get(f"/tag/{tag.slug}/feed/")
    assert feed_titles(response) == ["الحملة الانتخابية"]
    channel = ET.fromstring(response.content).find("channel")
    assert "انتخابات" in channel.findtext("title")
    assert unquote(channel.findtext("link")).endswith(f"/tag/{tag.slug}/")


def test_official_feed_lists_the_articles_they_appear_in(client):
    official = OfficialFactory(name="عبد الرحيم العلمي")
    AttendeeFactory(
        official=official, article=ArticleFactory(title="لقاء مع المنتخبين")
    )
    AttendeeFactory(
        official=official, article=ArticleFactory(title="مسودة اللقاء", draft=True)
    )
    AttendeeFactory(article=ArticleFactory(title="خبر عن غيره"))
    for suffix in ["feed/", "feed/atom/"]:
        response = client.get(official.get_absolute_url() + suffix)
        assert feed_titles(response) == ["لقاء مع المنتخبين"]


def test_official_feed_of_a_renamed_official_still_answers(client):
    official = OfficialFactory(name="الاسم القديم")
    old_url = official.get_absolute_url()
    official.name, official.slug = "الاسم الجديد", ""
    official.save()
    assert client.get(old_url + "feed/").status_code == 200


def test_region_feed_lists_articles_about_events_in_it_or_below(client):
    region = PlaceFactory(name="فاس مكناس")
    prefecture = PlaceFactory(kind=Place.Kind.PREFECTURE, parent=region)
    commune = PlaceFactory(kind=Place.Kind.COMMUNE, parent=prefecture)
    district = PlaceFactory(kind=Place.Kind.DISTRICT, parent=commune)
    elsewhere = PlaceFactory(name="سوس ماسة")
    for title, place in [
        ("في الجهة", region),
        ("في العمالة", prefecture),
        ("في الجماعة", commune),
        ("في المقاطعة", district),
        ("في جهة أخرى", elsewhere),
    ]:
        ArticleFactory(title=title, event=EventFactory(place=place))
    ArticleFactory(title="بلا حدث")
    ArticleFactory(title="مسودة", draft=True, event=EventFactory(place=commune))
    response = client.get(f"{region.get_absolute_url()}feed/")
    assert sorted(feed_titles(response)) == sorted(
        ["في الجهة", "في العمالة", "في الجماعة", "في المقاطعة"]
    )
    channel = ET.fromstring(response.content).find("channel")
    assert "فاس مكناس" in channel.findtext("title")
    assert sorted(
        feed_titles(client.get(f"{commune.get_absolute_url()}feed/atom/"))
    ) == [
        "في الجماعة",
        "في المقاطعة",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/tag/لا-يوجد/feed/",
        "/people/999999/لا-يوجد/feed/",
        "/places/999999/لا-يوجد/feed/",
        "/places/999999/لا-يوجد/feed/atom/",
    ],
)
def test_feed_of_a_missing_thing_is_404(client, url):
    assert client.get(url).status_code == 404


def test_comments_atom_feed_names_commenters_and_hides_their_address(client):
    article = ArticleFactory(title="لقاء تواصلي")
    CommentFactory(article=article, name="سعاد", email="Souad.Private@Example.ma")
    CommentFactory(article=article, body="ينتظر المراجعة", status="pending")
    response = client.get("/comments/feed/atom/")
    (entry,) = atom_entries(response)
    assert entry.findtext(f"{ATOM}title") == "سعاد على «لقاء تواصلي»"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "سعاد"
    body = response.content.decode().lower()
    assert "souad.private" not in body
    assert "example.ma" not in body


def test_new_feeds_cost_the_same_queries_for_2_or_12_articles(client):
    region = PlaceFactory()
    commune = commune_in(region)
    official = OfficialFactory()
    tag = TagFactory()
    author = UserFactory(first_name="نادية", last_name="بناني")

    def add(count: int) -> None:
        for _ in range(count):
            article = ArticleFactory(
                author=author,
                tags=[tag, TagFactory()],
                event=EventFactory(place=commune),
            )
            AttendeeFactory(article=article, official=official)
            CommentFactory(article=article)

    add(2)
    urls = [
        f"/tag/{tag.slug}/feed/",
        f"{official.get_absolute_url()}feed/",
        f"{region.get_absolute_url()}feed/",
        "/feed/atom/",
        f"{region.get_absolute_url()}feed/atom/",
        "/comments/feed/atom/",
    ]
    few = [queries_for(client, url) for url in urls]
    add(10)
    PlaceFactory.create_batch(5)
    assert [queries_for(client, url) for url in urls] == few


# --- pages point to their feeds -------------------------------------------------------


def alternates(client, url: str) -> dict[str, str]:
    html = client.get(url).content.decode()
    return {
        kind: unquote(href)
        for kind, href in re.findall(
            r'<link rel="alternate" type="application/(rss|atom)\+xml"[^>]*'
            r'href="([^"]+)"',
            html,
        )
        if href not in {"/feed/", "/feed/atom/"}
    }


def test_pages_announce_their_own_feeds(client):
    region = PlaceFactory(name="الشرق")
    section = SectionFactory(name="سياسة")
    tag = TagFactory(name="ميزانية")
    official = OfficialFactory(name="سعيد")
    pages = {
        section.get_absolute_url(): f"/section/{section.slug}/feed/",
        tag.get_absolute_url(): f"/tag/{tag.slug}/feed/",
        official.get_absolute_url(): f"{unquote(official.get_absolute_url())}feed/",
        region.get_absolute_url(): f"{unquote(region.get_absolute_url())}feed/",
    }
    for page, feed in pages.items():
        assert alternates(client, page) == {"rss": feed, "atom": f"{feed}atom/"}
        assert client.get(feed).status_code == 200
        assert client.get(f"{feed}atom/").status_code == 200


def test_every_page_announces_the_site_feeds(client):
    html = client.get("/").content.decode()
    assert 'type="application/rss+xml" title="أخبار الجهة" href="/feed/"' in html
    assert 'type="application/atom+xml" title="أخبار الجهة" href="/feed/atom/"' in html
