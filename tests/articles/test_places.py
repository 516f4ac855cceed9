"""Place and event pages: ways into the news by where it happened and what."""

from __future__ import annotations

import datetime
import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Attendee, Place
from articles.places import event_slug, event_url, place_slug, place_url
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    EventFactory,
    OfficialFactory,
    OrganizationFactory,
    PlaceFactory,
)

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.fixture
def casablanca():
    """Region › prefecture › commune › district, and a province beside them."""
    region = PlaceFactory(name="الدار البيضاء سطات")
    prefecture = PlaceFactory(
        name="عمالة الدار البيضاء", kind=Place.Kind.PREFECTURE, parent=region
    )
    commune = PlaceFactory(
        name="جماعة الدار البيضاء", kind=Place.Kind.COMMUNE, parent=prefecture
    )
    district = PlaceFactory(
        name="مقاطعة عين الشق", kind=Place.Kind.DISTRICT, parent=commune
    )
    province = PlaceFactory(name="إقليم سطات", kind=Place.Kind.PROVINCE, parent=region)
    return {
        "region": region,
        "prefecture": prefecture,
        "commune": commune,
        "district": district,
        "province": province,
    }


# --- addresses ------------------------------------------------------------------------


def test_place_and_event_addresses_are_id_and_arabic_slug_percent_encoded():
    place = PlaceFactory.build(pk=7, name="عين الشق")
    event = EventFactory.build(pk=9, title="دورة أكتوبر العادية")
    assert place_url(place).isascii()
    assert unquote(place_url(place)) == "/places/7/عين-الشق/"
    assert unquote(event_url(event)) == "/events/9/دورة-أكتوبر-العادية/"


def test_a_name_without_letters_still_makes_an_address():
    assert place_slug(PlaceFactory.build(name="؟!", kind=Place.Kind.COMMUNE)) == (
        "commune"
    )
    assert event_slug(EventFactory.build(title="…")) == "event"


# --- the place page -------------------------------------------------------------------


def test_place_page_shows_name_kind_breadcrumbs_and_children(client, casablanca):
    page = html(client.get(place_url(casablanca["prefecture"])))
    assert "عمالة الدار البيضاء" in page
    assert "عمالة" in re.search(r'<p class="kicker">(.*?)</p>', page).group(1)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
    assert f'href="{place_url(casablanca["region"])}"' in crumbs
    assert "الدار البيضاء سطات" in crumbs
    assert 'aria-current="page"' in crumbs
    assert f'href="{place_url(casablanca["commune"])}"' in page
    # Not a child of the prefecture, nor a grandchild shown as a child.
    assert place_url(casablanca["province"]) not in page
    assert place_url(casablanca["district"]) not in page


def test_region_page_lists_articles_about_events_in_it_or_below(client, casablanca):
    for title, place in [
        ("دورة مجلس الجهة", "region"),
        ("اجتماع العمالة", "prefecture"),
        ("دورة المجلس الجماعي", "commune"),
        ("لقاء في المقاطعة", "district"),
        ("زيارة إقليم سطات", "province"),
    ]:
        ArticleFactory(title=title, event=EventFactory(place=casablanca[place]))
    ArticleFactory(title="خبر من جهة أخرى", event=EventFactory(place=PlaceFactory()))
    ArticleFactory(title="خبر بلا حدث")
    ArticleFactory(
        title="مسودة عن الجماعة",
        draft=True,
        event=EventFactory(place=casablanca["commune"]),
    )
    page = html(client.get(place_url(casablanca["region"])))
    for title in [
        "دورة مجلس الجهة",
        "اجتماع العمالة",
        "دورة المجلس الجماعي",
        "لقاء في المقاطعة",
        "زيارة إقليم سطات",
    ]:
        assert title in page
    for title in ["خبر من جهة أخرى", "خبر بلا حدث", "مسودة عن الجماعة"]:
        assert title not in page
    commune_page = html(client.get(place_url(casablanca["commune"])))
    assert "دورة المجلس الجماعي" in commune_page
    assert "لقاء في المقاطعة" in commune_page
    assert "اجتماع العمالة" not in commune_page


def test_place_page_lists_events_reported_there_but_not_unreported_ones(
    client, casablanca
):
    reported = EventFactory(
        title="الدورة العادية لشهر أكتوبر", place=casablanca["district"]
    )
    ArticleFactory.create_batch(2, event=reported)
    ArticleFactory(
        event=EventFactory(title="حدث لم يُنشر عنه شيء", place=casablanca["commune"]),
        draft=True,
    )
    EventFactory(title="حدث بلا مقال", place=casablanca["commune"])
    page = html(client.get(place_url(casablanca["region"])))
    assert f'href="{event_url(reported)}"' in page
    assert "الدورة العادية لشهر أكتوبر" in page
    # Where, inside the region, it happened.
    assert f'href="{place_url(casablanca["district"])}"' in page
    assert "حدث لم يُنشر عنه شيء" not in page
    assert "حدث بلا مقال" not in page


def test_place_page_articles_are_paginated(client, settings, casablanca):
    settings.ARTICLES_PER_PAGE = 2
    event = EventFactory(place=casablanca["commune"])
    now = timezone.now()
    for hours in range(1, 4):
        ArticleFactory(
            title=f"خبر قبل {hours} ساعات",
            event=event,
            published_at=now - datetime.timedelta(hours=hours),
        )
    url = place_url(casablanca["region"])
    first = html(client.get(url))
    assert "خبر قبل 1 ساعات" in first
    assert "خبر قبل 3 ساعات" not in first
    assert "خبر قبل 3 ساعات" in html(client.get(url + "?page=2"))
    assert client.get(url + "?page=3").status_code == 404


def test_empty_place_page_says_so(client, casablanca):
    page = html(client.get(place_url(casablanca["province"])))
    assert "إقليم سطات" in page
    assert 'class="empty"' in page


def test_place_url_with_a_wrong_or_missing_slug_redirects(client, casablanca):
    commune = casablanca["commune"]
    for url in [f"/places/{commune.pk}/", f"/places/{commune.pk}/اسم-قديم/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == place_url(commune)


def test_missing_place_is_404(client):
    assert client.get("/places/999999/").status_code == 404
    assert client.get("/places/999999/لا-يوجد/").status_code == 404


def test_place_page_makes_the_same_queries_for_few_or_many(client, casablanca):
    def add(count: int) -> None:
        for _ in range(count):
            commune = PlaceFactory(
                kind=Place.Kind.COMMUNE, parent=casablanca["prefecture"]
            )
            event = EventFactory(place=commune, organizer=OrganizationFactory())
            ArticleFactory.create_batch(2, event=event)

    add(1)
    url = place_url(casablanca["region"])
    few = queries_for(client, url)
    add(12)
    PlaceFactory.create_batch(5)
    # places, events, page count, page rows, nav sections
    assert few <= 5
    assert queries_for(client, url) == few


# --- the event page -------------------------------------------------------------------


@pytest.fixture
def session(casablanca):
    """A council session reported by two articles, a day apart."""
    president = OfficialFactory(name="عبد الكريم الزاهر")
    event = EventFactory(
        title="الدورة العادية لمجلس الجماعة",
        date=datetime.date(2025, 10, 7),
        venue="قاعة الاجتماعات بمقر المقاطعة",
        place=casablanca["district"],
        organizer=OrganizationFactory(name="مجلس جماعة الدار البيضاء"),
        presided_by=president,
    )
    now = timezone.now()
    first = ArticleFactory(
        title="انطلاق أشغال الدورة",
        event=event,
        published_at=now - datetime.timedelta(days=1),
    )
    second = ArticleFactory(title="المجلس يصادق على الميزانية", event=event)
    return {"event": event, "president": president, "first": first, "second": second}


def test_event_page_shows_title_date_venue_place_organizer_and_president(
    client, session, casablanca
):
    event = session["event"]
    page = html(client.get(event_url(event)))
    assert "الدورة العادية لمجلس الجماعة" in page
    assert "7 أكتوبر 2025" in page
    assert 'datetime="2025-10-07"' in page
    assert "قاعة الاجتماعات بمقر المقاطعة" in page
    assert "مجلس جماعة الدار البيضاء" in page
    assert f'href="{session["president"].get_absolute_url()}"' in page
    # The whole chain of places, each a link.
    for place in casablanca.values():
        if place != casablanca["province"]:
            assert f'href="{place_url(place)}"' in page


def test_event_page_lists_every_published_article_about_it(client, session):
    ArticleFactory(title="مسودة عن الدورة", draft=True, event=session["event"])
    ArticleFactory(title="خبر عن حدث آخر", event=EventFactory())
    page = html(client.get(event_url(session["event"])))
    assert f'href="{session["first"].get_absolute_url()}"' in page
    assert f'href="{session["second"].get_absolute_url()}"' in page
    assert "مسودة عن الدورة" not in page
    assert "خبر عن حدث آخر" not in page


def test_event_attendees_are_distinct_with_the_role_of_the_first_article(
    client, session
):
    mayor = OfficialFactory(name="نبيلة الرميلي")
    AttendeeFactory(
        article=session["second"], official=mayor, role_as_printed="عمدة المدينة"
    )
    AttendeeFactory(
        article=session["first"], official=mayor, role_as_printed="رئيسة المجلس"
    )
    for article in [session["first"], session["second"]]:
        AttendeeFactory(
            article=article,
            official=None,
            name_as_printed="ممثل السلطة المحلية",
            role_as_printed="قائد",
        )
    AttendeeFactory(
        article=ArticleFactory(draft=True, event=session["event"]),
        official=OfficialFactory(name="اسم في مسودة"),
    )
    page = html(client.get(event_url(session["event"])))
    people = re.search(r'<ol class="attendees__list">.*?</ol>', page, re.S).group(0)
    assert people.count("نبيلة الرميلي") == 1
    assert f'href="{mayor.get_absolute_url()}"' in people
    assert "رئيسة المجلس" in people
    assert "عمدة المدينة" not in people
    assert people.count("ممثل السلطة المحلية") == 1
    assert "اسم في مسودة" not in page


def test_event_attendee_printed_names_are_folded_before_comparing(client, session):
    for article, spelling in [
        (session["first"], "مسؤول الجماعة"),
        (session["second"], "مسئول الجماعة"),
    ]:
        Attendee.objects.create(article=article, name_as_printed=spelling)
    people = re.search(
        r'<ol class="attendees__list">.*?</ol>',
        html(client.get(event_url(session["event"]))),
        re.S,
    ).group(0)
    assert people.count("الجماعة") == 1


def test_event_reported_only_by_drafts_is_404(client, editor_client):
    event = EventFactory(title="حدث سري")
    ArticleFactory(event=event, draft=True)
    ArticleFactory(event=event, scheduled=True)
    assert client.get(event_url(event)).status_code == 404
    # Not even its slug leaks through a redirect.
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert client.get(f"/events/{EventFactory().pk}/").status_code == 404


def test_event_url_with_a_wrong_or_missing_slug_redirects(client, session):
    event = session["event"]
    for url in [f"/events/{event.pk}/", f"/events/{event.pk}/عنوان-قديم/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == event_url(event)


def test_event_page_makes_the_same_queries_for_few_or_many(client, session):
    def add(count: int) -> None:
        for _ in range(count):
            article = ArticleFactory(event=session["event"])
            AttendeeFactory(article=article)
            AttendeeFactory(article=article, official=None, name_as_printed="ضيف")

    add(1)
    url = event_url(session["event"])
    few = queries_for(client, url)
    add(12)
    # event with places and people, page count, page rows, attendees, nav sections
    assert few <= 5
    assert queries_for(client, url) == few


# --- the article page links to both ---------------------------------------------------


def test_article_page_links_to_its_event_and_places(client, session, casablanca):
    page = html(client.get(session["first"].get_absolute_url()))
    assert f'href="{event_url(session["event"])}"' in page
    assert f'href="{place_url(casablanca["district"])}"' in page
    assert f'href="{place_url(casablanca["commune"])}"' in page


def test_article_preview_does_not_link_to_an_unpublished_event(editor_client):
    event = EventFactory(title="حدث لم يُنشر")
    article = ArticleFactory(event=event, draft=True)
    page = html(editor_client.get(article.get_absolute_url()))
    assert "حدث لم يُنشر" in page
    assert event_url(event) not in page
