"""The sitemaps, the Google News sitemap and robots.txt."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.utils import timezone

from articles import sitemaps
from articles.models import Place
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    EventFactory,
    OfficialFactory,
    PlaceFactory,
    TagFactory,
    commune_in,
)
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
# W3C date-time with seconds and an explicit offset: 2025-10-24T11:00:00+01:00.
DATETIME_WITH_OFFSET = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$"
)


def locations(response) -> list[str]:
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


# --- the sitemap index and its parts --------------------------------------------------


def test_sitemap_index_points_to_every_part(client):
    parts = locations(client.get("/sitemap.xml"))
    assert sorted(p.rsplit("/", 1)[1] for p in parts) == [
        "sitemap-articles.xml",
        "sitemap-events.xml",
        "sitemap-officials.xml",
        "sitemap-pages.xml",
        "sitemap-places.xml",
        "sitemap-sections.xml",
        "sitemap-tags.xml",
        "sitemap-writers.xml",
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
    region = PlaceFactory()
    commune = commune_in(region)
    ArticleFactory(event=EventFactory(place=commune))
    parts = ["articles", "sections", "tags", "officials", "places", "events"]
    urls = [
        "/sitemap.xml",
        *(f"/sitemap-{p}.xml" for p in parts),
        "/news-sitemap.xml",
    ]
    few = [queries_for(client, url) for url in urls]
    ArticleFactory.create_batch(10, tags=[tag])
    OfficialFactory.create_batch(10)
    for _ in range(10):
        ArticleFactory(event=EventFactory(place=commune_in(PlaceFactory())))
    assert [queries_for(client, url) for url in urls] == few


def test_sitemap_dates_carry_their_time_zone(client):
    tag = TagFactory()
    article = ArticleFactory(tags=[tag], event=EventFactory(place=PlaceFactory()))
    AttendeeFactory(article=article)
    for part in ["articles", "sections", "tags", "officials", "places", "events"]:
        root = ET.fromstring(client.get(f"/sitemap-{part}.xml").content)
        dates = [d.text for d in root.iter(f"{SITEMAP}lastmod")]
        assert dates, part
        assert all(DATETIME_WITH_OFFSET.match(d) for d in dates), (part, dates)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert all(
        DATETIME_WITH_OFFSET.match(d.text) for d in index.iter(f"{SITEMAP}lastmod")
    )


def test_places_sitemap_lists_every_place_dated_by_its_newest_article(client):
    region = PlaceFactory(name="الرباط سلا القنيطرة")
    commune = commune_in(region)
    quiet = PlaceFactory(name="درعة تافيلالت")
    when = timezone.now() - datetime.timedelta(hours=3)
    ArticleFactory(event=EventFactory(place=commune), published_at=when)
    ArticleFactory(event=EventFactory(place=commune), draft=True)
    root = ET.fromstring(client.get("/sitemap-places.xml").content)
    dated = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.findall(f"{SITEMAP}url")
    }
    assert set(dated) == {
        f"http://testserver{p.get_absolute_url()}" for p in Place.objects.all()
    }
    assert dated[f"http://testserver{quiet.get_absolute_url()}"] is None
    # The commune's news dates the region that contains it.
    region_date = dated[f"http://testserver{region.get_absolute_url()}"]
    assert region_date == dated[f"http://testserver{commune.get_absolute_url()}"]
    assert datetime.datetime.fromisoformat(region_date) >= when


def test_events_sitemap_lists_only_events_a_published_article_reports(client):
    reported = EventFactory(title="دورة عادية")
    ArticleFactory(event=reported)
    ArticleFactory(event=EventFactory(title="حدث في مسودة"), draft=True)
    EventFactory(title="حدث بلا مقال")
    assert locations(client.get("/sitemap-events.xml")) == [
        f"http://testserver{reported.get_absolute_url()}"
    ]


# --- the Google News sitemap ----------------------------------------------------------


def news_urls(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return root.findall(f"{SITEMAP}url")


def test_news_sitemap_declares_both_namespaces(client):
    ArticleFactory()
    body = client.get("/news-sitemap.xml").content.decode()
    assert 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"' in body
    assert 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in body


def test_news_sitemap_entry_has_every_required_element(client):
    article = ArticleFactory(title="الميزانية السنوية للجهة")
    (url,) = news_urls(client.get("/news-sitemap.xml"))
    assert [child.tag for child in url] == [f"{SITEMAP}loc", f"{NEWS}news"]
    loc = url.findtext(f"{SITEMAP}loc")
    assert loc.isascii()
    assert unquote(loc) == f"http://testserver{unquote(article.get_absolute_url())}"
    (news,) = url.findall(f"{NEWS}news")
    assert [child.tag for child in news] == [
        f"{NEWS}publication",
        f"{NEWS}publication_date",
        f"{NEWS}title",
    ]
    (publication,) = news.findall(f"{NEWS}publication")
    assert publication.findtext(f"{NEWS}name") == "أخبار الجهة"
    assert publication.findtext(f"{NEWS}language") == "ar"
    published = news.findtext(f"{NEWS}publication_date")
    assert DATETIME_WITH_OFFSET.match(published)
    # The moment of publication, to the second, with Casablanca's offset.
    when = datetime.datetime.fromisoformat(published)
    assert when == article.published_at.replace(microsecond=0)
    assert when.utcoffset() == timezone.localtime(article.published_at).utcoffset()
    assert news.findtext(f"{NEWS}title") == "الميزانية السنوية للجهة"


def test_news_sitemap_holds_only_the_last_two_days_published_articles(client):
    now = timezone.now()
    ArticleFactory(title="قبل ساعة", published_at=now - datetime.timedelta(hours=1))
    ArticleFactory(title="أمس", published_at=now - datetime.timedelta(hours=30))
    ArticleFactory(title="قبل ثلاثة أيام", published_at=now - datetime.timedelta(3))
    ArticleFactory(title="مسودة", draft=True)
    ArticleFactory(title="مجدول", scheduled=True)
    ArticleFactory(
        title="سحب من الموقع",
        status="unpublished",
        published_at=now - datetime.timedelta(hours=2),
    )
    urls = news_urls(client.get("/news-sitemap.xml"))
    assert [u.findtext(f"{NEWS}news/{NEWS}title") for u in urls] == ["قبل ساعة", "أمس"]
    for url in urls:
        published = url.findtext(f"{NEWS}news/{NEWS}publication_date")
        age = now - datetime.datetime.fromisoformat(published)
        assert datetime.timedelta(0) <= age <= datetime.timedelta(hours=48)


def test_news_sitemap_stops_at_its_limit_newest_first(client, monkeypatch):
    assert sitemaps.NEWS_LIMIT == 1000  # Google's maximum per news sitemap
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    now = timezone.now()
    for hours in range(1, 6):
        ArticleFactory(
            title=f"قبل {hours} ساعات",
            published_at=now - datetime.timedelta(hours=hours),
        )
    urls = news_urls(client.get("/news-sitemap.xml"))
    assert [u.findtext(f"{NEWS}news/{NEWS}title") for u in urls] == [
        "قبل 1 ساعات",
        "قبل 2 ساعات",
        "قبل 3 ساعات",
    ]


def test_news_sitemap_escapes_titles(client):
    ArticleFactory(title="الأغلبية & المعارضة <في> المجلس")
    (url,) = news_urls(client.get("/news-sitemap.xml"))
    assert url.findtext(f"{NEWS}news/{NEWS}title") == "الأغلبية & المعارضة <في> المجلس"


def test_news_sitemap_is_one_query(client):
    ArticleFactory.create_batch(3)
    assert queries_for(client, "/news-sitemap.xml") == 1


# --- robots.txt -----------------------------------------------------------------------


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
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
