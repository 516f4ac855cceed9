"""Place and event pages: ways into the news by where it happened and what."""

from __future__ import annotations

import datetime
import re
from urllib.parse import unquote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles.models import Attendee, Place
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    EventFactory,
    OfficialFactory,
    OrganizationFactory,
    PlaceFactory,
)
from tests.helpers import html, queries_for

pytestmark = pytest.mark.django_db


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
    assert place.get_absolute_url().isascii()
    assert unquote(place.get_absolute_url()) == "/places/7/عين-الشق/"
    assert unquote(event.get_absolute_url()) == "/events/9/دورة-أكتوبر-العادية/"


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        (Place.Kind.REGION, "جهة"),
        (Place.Kind.PREFECTURE, "عمالة"),
        (Place.Kind.PROVINCE, "إقليم"),
        (Place.Kind.COMMUNE, "جماعة"),
        (Place.Kind.DISTRICT, "مقاطعة"),
    ],
)
def test_a_place_name_without_letters_falls_back_on_its_kind_in_arabic(kind, word):
    place = PlaceFactory.build(pk=3, name="؟!", kind=kind)
    assert place.slug == word
    assert unquote(place.get_absolute_url()) == f"/places/3/{word}/"


def test_an_event_title_without_letters_falls_back_on_an_arabic_word():
    event = EventFactory.build(pk=4, title="…")
    assert event.slug == "حدث"
    assert unquote(event.get_absolute_url()) == "/events/4/حدث/"


def test_fallback_addresses_open_their_pages_without_a_redirect(client, casablanca):
    place = PlaceFactory(
        name="؟!", kind=Place.Kind.COMMUNE, parent=casablanca["prefecture"]
    )
    event = EventFactory(title="…", place=place)
    ArticleFactory(event=event)
    for page in [place, event]:
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200, unquote(page.get_absolute_url())


@pytest.mark.parametrize("model", ["place", "event"])
def test_admin_change_page_links_to_the_page_on_the_site(model, editor_client):
    obj = PlaceFactory() if model == "place" else EventFactory()
    page = editor_client.get(reverse(f"admin:articles_{model}_change", args=[obj.pk]))
    view_on_site = reverse(
        "admin:view_on_site",
        args=[ContentType.objects.get_for_model(obj).pk, obj.pk],
    )
    assert f'href="{view_on_site}"' in html(page)

    response = editor_client.get(view_on_site)

    assert response.status_code == 302
    assert response["Location"].endswith(obj.get_absolute_url())


# --- the place page -------------------------------------------------------------------


def test_place_page_shows_name_kind_breadcrumbs_and_children(client, casablanca):
    page = html(client.get(casablanca["prefecture"].get_absolute_url()))
    assert "عمالة الدار البيضاء" in page
    assert "عمالة" in re.search(r'<p class="kicker">(.*?)</p>', page).group(1)
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.S).group(0)
    assert f'href="{casablanca["region"].get_absolute_url()}"' in crumbs
    assert "الدار البيضاء سطات" in crumbs
    assert 'aria-current="page"' in crumbs
    assert f'href="{casablanca["commune"].get_absolute_url()}"' in page
    # Not a child of the prefecture, nor a grandchild shown as a child.
    assert casablanca["province"].get_absolute_url() not in page
    assert casablanca["district"].get_absolute_url() not in page


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
    page = html(client.get(casablanca["region"].get_absolute_url()))
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
    commune_page = html(client.get(casablanca["commune"].get_absolute_url()))
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
    page = html(client.get(casablanca["region"].get_absolute_url()))
    assert f'href="{reported.get_absolute_url()}"' in page
    assert "الدورة العادية لشهر أكتوبر" in page
    # Where, inside the region, it happened.
    assert f'href="{casablanca["district"].get_absolute_url()}"' in page
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
    url = casablanca["region"].get_absolute_url()
    first = html(client.get(url))
    assert "خبر قبل 1 ساعات" in first
    assert "خبر قبل 3 ساعات" not in first
    assert "خبر قبل 3 ساعات" in html(client.get(url + "?page=2"))
    assert client.get(url + "?page=3").status_code == 404


def test_empty_place_page_says_so(client, casablanca):
    page = html(client.get(casablanca["province"].get_absolute_url()))
    assert "إقليم سطات" in page
    assert 'class="empty"' in page


def test_place_address_with_a_wrong_or_missing_slug_redirects(client, casablanca):
    commune = casablanca["commune"]
    for url in [f"/places/{commune.pk}/", f"/places/{commune.pk}/اسم-قديم/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == commune.get_absolute_url()


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
    url = casablanca["region"].get_absolute_url()
    few = queries_for(client, url)
    add(12)
    PlaceFactory.create_batch(5)
    # places, events, page count, page rows, nav sections, the breaking bar
    assert few <= 6
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
    page = html(client.get(event.get_absolute_url()))
    assert "الدورة العادية لمجلس الجماعة" in page
    assert "7 أكتوبر 2025" in page
    assert 'datetime="2025-10-07"' in page
    assert "قاعة الاجتماعات بمقر المقاطعة" in page
    assert "مجلس جماعة الدار البيضاء" in page
    assert f'href="{session["president"].get_absolute_url()}"' in page
    # The whole chain of places, each a link.
    for place in casablanca.values():
        if place != casablanca["province"]:
            assert f'href="{place.get_absolute_url()}"' in page


def test_event_page_lists_every_published_article_about_it(client, session):
    ArticleFactory(title="مسودة عن الدورة", draft=True, event=session["event"])
    ArticleFactory(title="خبر عن حدث آخر", event=EventFactory())
    page = html(client.get(session["event"].get_absolute_url()))
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
    page = html(client.get(session["event"].get_absolute_url()))
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
        html(client.get(session["event"].get_absolute_url())),
        re.S,
    ).group(0)
    assert people.count("الجماعة") == 1


def test_event_reported_only_by_drafts_is_404(client, editor_client):
    event = EventFactory(title="حدث سري")
    ArticleFactory(event=event, draft=True)
    ArticleFactory(event=event, scheduled=True)
    assert client.get(event.get_absolute_url()).status_code == 404
    # Not even its slug leaks through a redirect.
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert client.get(f"/events/{EventFactory().pk}/").status_code == 404


def test_event_address_with_a_wrong_or_missing_slug_redirects(client, session):
    event = session["event"]
    for url in [f"/events/{event.pk}/", f"/events/{event.pk}/عنوان-قديم/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == event.get_absolute_url()


def test_event_page_makes_the_same_queries_for_few_or_many(client, session):
    def add(count: int) -> None:
        for _ in range(count):
            article = ArticleFactory(event=session["event"])
            AttendeeFactory(article=article)
            AttendeeFactory(article=article, official=None, name_as_printed="ضيف")

    add(1)
    url = session["event"].get_absolute_url()
    few = queries_for(client, url)
    add(12)
    # event with places and people, page count, page rows, attendees, nav
    # sections, the breaking bar
    assert few <= 6
    assert queries_for(client, url) == few


# --- the article page links to both ---------------------------------------------------


def test_article_page_links_to_its_event_and_places(client, session, casablanca):
    page = html(client.get(session["first"].get_absolute_url()))
    assert f'href="{session["event"].get_absolute_url()}"' in page
    assert f'href="{casablanca["district"].get_absolute_url()}"' in page
    assert f'href="{casablanca["commune"].get_absolute_url()}"' in page


def test_article_preview_does_not_link_to_an_unpublished_event(editor_client):
    event = EventFactory(title="حدث لم يُنشر")
    article = ArticleFactory(event=event, draft=True)
    page = html(editor_client.get(article.get_absolute_url()))
    assert "حدث لم يُنشر" in page
    assert event.get_absolute_url() not in page
