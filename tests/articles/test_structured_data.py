"""Structured data and sharing: JSON-LD, OpenGraph, canonical links, and the
most-commented articles."""

from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from articles import structured_data
from articles.models import Article, DatePrecision, Image, Organization, Place
from articles.structured_data import dumps
from comments.models import Comment
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
    reported_article,
    stored_image,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
SOCIAL_PROPERTIES = [
    "og:type",
    "og:title",
    "og:description",
    "og:url",
    "og:site_name",
    "og:locale",
    "twitter:card",
]


class HeadParser(HTMLParser):
    """The page's JSON-LD scripts (text and attributes), meta tags and links."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.meta: list[dict] = []
        self.links: list[dict] = []
        self._script: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._script = attributes
            self.scripts.append((attributes, ""))
        elif tag == "meta":
            self.meta.append(attributes)
        elif tag == "link":
            self.links.append(attributes)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def parse(response) -> HeadParser:
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def json_ld(response) -> dict[str, dict]:
    """Each JSON-LD object of the page by its @type (each type once)."""
    found: dict[str, dict] = {}
    for _attributes, text in parse(response).scripts:
        data = json.loads(text)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] not in found, data["@type"]
        found[data["@type"]] = data
    return found


def meta_values(parser: HeadParser, key: str) -> list[str]:
    return [
        m["content"]
        for m in parser.meta
        if m.get("property") == key or m.get("name") == key
    ]


def canonical_links(parser: HeadParser) -> list[str]:
    return [link["href"] for link in parser.links if link.get("rel") == "canonical"]


def featured_image() -> Image:
    image = stored_image()
    image.make_renditions()
    return image


# --- the article page's NewsArticle -----------------------------------------


def test_article_page_describes_a_news_article_with_every_required_field(client):
    article = reported_article(featured_image=featured_image())

    data = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]

    url = "http://testserver" + article.get_absolute_url()
    assert data["headline"] == "لقاء تواصلي لحزب التجمع الوطني للأحرار"
    assert data["description"] == "احتضن مقر الحزب لقاء تواصليا مع المنتخبين."
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["url"] == url
    assert data["inLanguage"] == "ar"
    assert data["articleSection"] == article.section.name
    assert data["keywords"] == ["الأحزاب", "الانتخابات"]
    assert data["author"] == {
        "@type": "Person",
        "name": "سعيد الصحفي",
        "url": "http://testserver" + article.author_url(),
    }
    assert data["image"][0] == "http://testserver" + article.featured_image.social_url()
    assert all(u.startswith("http://testserver/media/") for u in data["image"])


def test_article_publisher_is_the_site_with_an_absolute_raster_logo(client):
    article = ArticleFactory()

    publisher = json_ld(client.get(article.get_absolute_url()))["NewsArticle"][
        "publisher"
    ]

    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "أخبار الجهة"
    assert publisher["url"] == "http://testserver/"
    logo = publisher["logo"]
    assert logo["url"] == "http://testserver/static/images/logo.png"
    assert logo["width"] <= 600
    assert logo["height"] <= 60


def test_logo_file_is_a_png_within_600_by_60(settings):
    with PILImage.open(settings.BASE_DIR / "static/images/logo.png") as logo:
        assert logo.format == "PNG"
        assert logo.size == structured_data.LOGO_SIZE
        assert logo.width <= 600
        assert logo.height <= 60


def test_article_dates_are_iso_8601_with_casablanca_offset(client):
    published = datetime.datetime(2025, 10, 24, 9, 30, 15, 123456, tzinfo=datetime.UTC)
    article = ArticleFactory(published_at=published)
    corrected = published + datetime.timedelta(hours=3)
    Article.objects.filter(pk=article.pk).update(content_updated_at=corrected)

    data = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]

    assert data["datePublished"] == "2025-10-24T10:30:15+01:00"
    assert data["dateModified"] == "2025-10-24T13:30:15+01:00"
    assert ISO_WITH_OFFSET.match(data["datePublished"])


def test_date_modified_falls_back_to_the_last_save_never_before_publication(client):
    article = ArticleFactory()
    data = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]
    assert ISO_WITH_OFFSET.match(data["dateModified"])
    assert data["dateModified"] >= data["datePublished"]


def test_article_mentions_its_people_with_their_roles_as_printed(client):
    article = reported_article()
    official = article.attendees.get(order=1).official

    mentions = json_ld(client.get(article.get_absolute_url()))["NewsArticle"][
        "mentions"
    ]

    assert mentions == [
        {
            "@type": "Person",
            "name": "محمد الأمين",
            "jobTitle": "المنسق الجهوي للحزب",
            "url": "http://testserver" + official.get_absolute_url(),
        },
        {
            "@type": "Person",
            "name": "فاطمة الزهراء",
            "jobTitle": "عضوة المجلس الجماعي",
        },
    ]


def test_article_counts_approved_comments_and_views(client):
    article = reported_article()

    data = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]

    assert data["commentCount"] == 2
    counters = {
        c["interactionType"]: c["userInteractionCount"]
        for c in data["interactionStatistic"]
    }
    assert counters == {
        "https://schema.org/ReadAction": 158,
        "https://schema.org/CommentAction": 2,
    }
    assert all(c["@type"] == "InteractionCounter" for c in data["interactionStatistic"])


def test_article_without_an_author_name_is_by_the_site(client):
    article = ArticleFactory(author=UserFactory(email="desk@example.com"))

    author = json_ld(client.get(article.get_absolute_url()))["NewsArticle"]["author"]

    assert author == {
        "@type": "Organization",
        "name": "أخبار الجهة",
        "url": "http://testserver/",
    }


def test_no_email_address_reaches_the_article_page(client):
    article = reported_article()

    response = client.get(article.get_absolute_url())

    for _attributes, text in parse(response).scripts:
        assert not EMAIL.search(text)
    page = response.content.decode()
    assert "reporter@example.com" not in page
    assert "@example.org" not in page


def test_a_title_closing_the_script_cannot_break_out_of_it(client):
    title = "خبر </script><script>alert(1)</script><!-- & أكثر"
    article = ArticleFactory(title=title)

    response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert json_ld(response)["NewsArticle"]["headline"] == title
    scripts = parse(response).scripts
    assert all("<" not in text and "&" not in text for _a, text in scripts)


def test_json_for_a_script_escapes_markup_and_keeps_arabic():
    text = dumps({"t": "</script> & <!-- عربية"})
    assert text == '{"t": "\\u003c/script\\u003e \\u0026 \\u003c!-- عربية"}'
    assert json.loads(text) == {"t": "</script> & <!-- عربية"}


def test_json_ld_carries_no_nonce_so_a_shared_cache_may_keep_the_page(client):
    article = ArticleFactory()

    response = client.get(article.get_absolute_url())

    scripts = parse(response).scripts
    assert scripts
    assert all("nonce" not in attributes for attributes, _text in scripts)
    assert "nonce-" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_previews_carry_no_structured_data(editor_client):
    draft = ArticleFactory(draft=True)
    response = editor_client.get(draft.get_absolute_url())
    assert parse(response).scripts == []


# --- breadcrumbs, official, home, event ---------------------------------------


def breadcrumb(response) -> list[tuple[int, str, str]]:
    items = json_ld(response)["BreadcrumbList"]["itemListElement"]
    assert all(item["@type"] == "ListItem" for item in items)
    return [(item["position"], item["name"], item["item"]) for item in items]


def test_breadcrumbs_lead_from_home_to_the_page(client):
    section = SectionFactory(name="سياسة")
    tag = TagFactory(name="الانتخابات")
    article = ArticleFactory(section=section, title="خبر عن الانتخابات", tags=[tag])
    official = OfficialFactory(name="محمد الأمين")
    home = (1, "أخبار الجهة", "http://testserver/")

    def at(path: str) -> str:
        return "http://testserver" + path

    assert breadcrumb(client.get(article.get_absolute_url())) == [
        home,
        (2, "سياسة", at(section.get_absolute_url())),
        (3, "خبر عن الانتخابات", at(article.get_absolute_url())),
    ]
    assert breadcrumb(client.get(section.get_absolute_url())) == [
        home,
        (2, "سياسة", at(section.get_absolute_url())),
    ]
    assert breadcrumb(client.get(tag.get_absolute_url())) == [
        home,
        (2, "الانتخابات", at(tag.get_absolute_url())),
    ]
    assert breadcrumb(client.get(official.get_absolute_url())) == [
        home,
        (2, "محمد الأمين", at(official.get_absolute_url())),
    ]


def test_breadcrumb_addresses_are_percent_encoded(client):
    section = SectionFactory(name="سياسة")
    (_home, (_, _, url)) = breadcrumb(client.get(section.get_absolute_url()))
    assert url.isascii()
    assert unquote(url) == "http://testserver" + unquote(section.get_absolute_url())


def test_official_page_describes_a_person_with_positions_over_time(client):
    official = OfficialFactory(name="محمد الأمين")
    official.spellings.create(name="Mohamed El Amine")
    party = OrganizationFactory(name="حزب التجمع الوطني للأحرار")
    council = OrganizationFactory(
        name="مجلس جهة الدار البيضاء-سطات",
        kind=Organization.Kind.COUNCIL,
        parent=None,
    )
    PositionFactory(
        official=official,
        organization=party,
        title="المنسق الجهوي",
        start_date=datetime.date(2021, 9, 1),
        start_precision=DatePrecision.MONTH,
    )
    PositionFactory(
        official=official,
        organization=council,
        title="عضو المجلس",
        start_date=datetime.date(2015, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2021, 9, 8),
    )

    person = json_ld(client.get(official.get_absolute_url()))["Person"]

    assert person["name"] == "محمد الأمين"
    assert person["url"] == "http://testserver" + official.get_absolute_url()
    assert person["alternateName"] == ["Mohamed El Amine"]
    assert person["jobTitle"] == ["المنسق الجهوي"]
    assert person["affiliation"] == [
        {"@type": "Organization", "name": "حزب التجمع الوطني للأحرار"}
    ]
    assert person["memberOf"] == [
        {
            "@type": "OrganizationRole",
            "roleName": "المنسق الجهوي",
            "memberOf": {"@type": "Organization", "name": "حزب التجمع الوطني للأحرار"},
            "startDate": "2021-09",
        },
        {
            "@type": "OrganizationRole",
            "roleName": "عضو المجلس",
            "memberOf": {
                "@type": "GovernmentOrganization",
                "name": "مجلس جهة الدار البيضاء-سطات",
            },
            "startDate": "2015",
            "endDate": "2021-09-08",
        },
    ]


def test_home_page_describes_the_site_and_its_publisher(client):
    website = json_ld(client.get("/"))["WebSite"]
    assert website["url"] == "http://testserver/"
    assert website["inLanguage"] == "ar"
    assert website["publisher"]["@type"] == "NewsMediaOrganization"


def test_event_builder_gives_date_place_organizer_attendees_and_reports():
    region = PlaceFactory(name="جهة الدار البيضاء-سطات")
    city = PlaceFactory(name="المحمدية", kind=Place.Kind.COMMUNE, parent=region)
    organizer = OrganizationFactory(name="حزب التجمع الوطني للأحرار")
    chair = OfficialFactory(name="محمد الأمين")
    event = EventFactory(
        title="لقاء تواصلي",
        date=datetime.date(2025, 10, 24),
        venue="مقر الحزب",
        place=city,
        organizer=organizer,
        presided_by=chair,
    )
    article = ArticleFactory(event=event)
    attendee = AttendeeFactory(
        article=article, official=None, name_as_printed="فاطمة الزهراء"
    )
    chair_as_printed = AttendeeFactory(
        article=article, official=chair, role_as_printed="رئيس المجلس"
    )
    event = (
        type(event)
        .objects.select_related("place__parent", "organizer", "presided_by")
        .get(pk=event.pk)
    )

    data = structured_data.event_json_ld(
        event, [article], attendees=[attendee, chair_as_printed]
    )

    assert data["@type"] == "Event"
    assert data["name"] == "لقاء تواصلي"
    assert data["startDate"] == "2025-10-24"
    assert data["url"].startswith("http")
    assert data["location"] == {
        "@type": "Place",
        "name": "مقر الحزب",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "المحمدية",
            "addressCountry": "MA",
            "addressRegion": "جهة الدار البيضاء-سطات",
        },
    }
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "حزب التجمع الوطني للأحرار",
    }
    # Who presided first, with the role the article printed.
    assert [(p["name"], p["jobTitle"]) for p in data["attendee"]] == [
        ("محمد الأمين", "رئيس المجلس"),
        ("فاطمة الزهراء", "عضو المكتب السياسي"),
    ]
    assert data["attendee"][0]["url"].endswith(chair.get_absolute_url())
    (report,) = data["subjectOf"]
    assert report["headline"] == article.title
    assert ISO_WITH_OFFSET.match(report["datePublished"])


# --- canonical, OpenGraph and Twitter ------------------------------------------


def every_reader_page() -> list[str]:
    section = SectionFactory()
    tag = TagFactory()
    article = ArticleFactory(section=section, tags=[tag])
    official = OfficialFactory()
    month = timezone.localtime(article.published_at)
    return [
        "/",
        article.get_absolute_url(),
        section.get_absolute_url(),
        tag.get_absolute_url(),
        official.get_absolute_url(),
        reverse("articles:archive"),
        reverse("articles:archive-month", args=[month.year, f"{month.month:02}"]),
    ]


def test_every_page_has_one_absolute_canonical_link_and_its_social_tags(client):
    for url in every_reader_page():
        parser = parse(client.get(url))
        (canonical,) = canonical_links(parser)
        assert canonical == "http://testserver" + url, url
        for key in SOCIAL_PROPERTIES:
            assert len(meta_values(parser, key)) == 1, (url, key)
        assert meta_values(parser, "og:url") == [canonical], url
        assert meta_values(parser, "og:locale") == ["ar_MA"]
        assert meta_values(parser, "og:site_name") == ["أخبار الجهة"]


def test_article_shares_its_title_lede_image_and_tags(client):
    article = reported_article(featured_image=featured_image())

    parser = parse(client.get(article.get_absolute_url()))

    assert meta_values(parser, "og:type") == ["article"]
    assert meta_values(parser, "og:title") == [article.title]
    assert meta_values(parser, "og:description") == [article.lede]
    assert meta_values(parser, "og:image") == [
        "http://testserver" + article.featured_image.social_url()
    ]
    assert meta_values(parser, "twitter:card") == ["summary_large_image"]
    assert meta_values(parser, "article:tag") == ["الأحزاب", "الانتخابات"]
    assert meta_values(parser, "article:section") == [article.section.name]


def test_canonical_of_a_comment_error_page_is_the_article(client):
    article = ArticleFactory()

    response = client.post(reverse("comments:post", args=[article.pk]), {})

    assert response.status_code == 400
    parser = HeadParser()
    parser.feed(response.content.decode())
    assert canonical_links(parser) == ["http://testserver" + article.get_absolute_url()]


def test_official_page_is_shared_as_a_profile(client):
    official = OfficialFactory(bio="")
    parser = parse(client.get(official.get_absolute_url()))
    assert meta_values(parser, "og:type") == ["profile"]
    assert meta_values(parser, "og:title") == [official.name]
    assert meta_values(parser, "twitter:card") == ["summary"]


# --- most commented ------------------------------------------------------------


def test_most_commented_counts_approved_comments_only():
    quiet = ArticleFactory()
    CommentFactory.create_batch(5, article=quiet, status=Comment.Status.PENDING)
    discussed = ArticleFactory()
    CommentFactory.create_batch(3, article=discussed)
    some = ArticleFactory()
    CommentFactory(article=some)
    draft = ArticleFactory(draft=True)
    CommentFactory.create_batch(9, article=draft)

    ranked = list(Article.objects.published().most_commented(5))

    assert ranked == [discussed, some]
    assert [a.comment_count for a in ranked] == [3, 1]


def test_home_shows_the_most_commented_block(client):
    article = ArticleFactory(title="خبر كثير التعليقات")
    CommentFactory.create_batch(2, article=article)

    response = client.get("/")

    assert list(response.context["most_commented"]) == [article]
    assert 'id="most-commented-heading"' in response.content.decode()


def test_home_blocks_add_no_query_per_item(client):
    CommentFactory(article=ArticleFactory())
    few = queries_for(client, "/")
    for article in ArticleFactory.create_batch(6):
        CommentFactory.create_batch(2, article=article)
    assert queries_for(client, "/") == few


def test_official_structured_data_adds_no_query_per_position(client):
    official = OfficialFactory()
    official.spellings.create(name="Mohamed")
    PositionFactory(official=official)
    few = queries_for(client, official.get_absolute_url())
    parent = OrganizationFactory()
    for _ in range(4):
        PositionFactory(
            official=official, organization=OrganizationFactory(parent=parent)
        )
    official.spellings.create(name="Mohammed")
    assert queries_for(client, official.get_absolute_url()) == few


def test_event_page_describes_the_event(client):
    event = EventFactory(title="لقاء تواصلي وتنظيمي", venue="المقر الجهوي للحزب")
    article = reported_article(event=event)
    data = json_ld(client.get(event.get_absolute_url()))["Event"]
    assert data["name"] == "لقاء تواصلي وتنظيمي"
    assert data["startDate"] == "2025-10-24"
    assert "المنسق الجهوي للحزب" in json.dumps(data, ensure_ascii=False)
    assert any(
        article.title in json.dumps(v, ensure_ascii=False) for v in data.values()
    )
