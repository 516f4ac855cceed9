"""Dates as Moroccan outlets print them: the weekday, the date and the 24-hour
time on an article ("الجمعة 24 أكتوبر 2025 - 16:05"); in lists the date, with the
labels ("منذ 3 ساعات", "منذ ساعتين") the page's script picks from."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from newsroom.models import HijriCalendar
from newsroom.timeago import label_table
from tests.factories import ArticleFactory
from tests.helpers import html

pytestmark = pytest.mark.django_db

CASABLANCA = datetime.timezone(datetime.timedelta(hours=1))
FRIDAY = datetime.datetime(2025, 10, 24, 16, 5, tzinfo=CASABLANCA)
SEPTEMBER_5 = datetime.datetime(2025, 9, 5, 10, 0, tzinfo=CASABLANCA)


def test_article_dateline_has_weekday_date_and_24_hour_time(client):
    article = ArticleFactory(published_at=FRIDAY)

    page = html(client.get(article.get_absolute_url()))

    dateline = "الجمعة 24 أكتوبر 2025 - 16:05"
    assert f'<time datetime="2025-10-24T16:05:00+01:00">{dateline}</time>' in page


def test_a_list_prints_the_date_with_the_dateline_as_its_title(client):
    ArticleFactory(published_at=FRIDAY)

    page = html(client.get("/"))

    assert (
        '<time datetime="2025-10-24T16:05:00+01:00" '
        'title="الجمعة 24 أكتوبر 2025 - 16:05" data-since>24 أكتوبر 2025</time>'
    ) in page


def test_every_reader_page_carries_the_labels_of_the_last_day(client):
    ArticleFactory()

    page = html(client.get("/"))

    found = re.search(
        r'<script type="application/json" id="since-labels">(.*?)</script>', page
    )
    labels = json.loads(found.group(1))
    assert labels == json.loads(label_table())
    assert labels["m"][5] == "منذ 5 دقائق"
    assert labels["m"][1] == "منذ دقيقة"
    assert labels["h"][2] == "منذ ساعتين"
    assert labels["h"][3] == "منذ 3 ساعات"
    assert labels["h"][11] == "منذ 11 ساعة"
    assert len(labels["h"]) == 24


# --- the Hijri date, optional -----------------------------------------------------


def test_no_hijri_date_unless_the_setting_asks(client, settings):
    settings.HIJRI_DATES = False
    article = ArticleFactory(published_at=SEPTEMBER_5)

    assert "ربيع الأول" not in html(client.get(article.get_absolute_url()))


def test_hijri_date_follows_the_editors_offset(client, settings):
    settings.HIJRI_DATES = True
    article = ArticleFactory(published_at=SEPTEMBER_5)

    # Umm al-Qura: 13 Rabi' al-Awwal; Morocco began the month a day later.
    assert "13 ربيع الأول 1447" in html(client.get(article.get_absolute_url()))
    HijriCalendar.objects.create(day_offset=-1)
    page = html(client.get(article.get_absolute_url()))
    assert "12 ربيع الأول 1447" in page
    assert "13 ربيع الأول" not in page


def test_hijri_offset_is_one_row_editors_cannot_delete(editor_client):
    HijriCalendar.objects.create(day_offset=1)
    add = reverse("admin:newsroom_hijricalendar_add")
    editor_client.post(add, {"day_offset": "-1"})
    assert list(HijriCalendar.objects.values_list("day_offset", flat=True)) == [-1]
    calendar = HijriCalendar.objects.get()
    change = reverse("admin:newsroom_hijricalendar_change", args=[calendar.pk])
    response = editor_client.post(change, {"day_offset": "5"})
    assert response.status_code == 200  # refused: at most two days either way
    assert HijriCalendar.objects.get().day_offset == -1
    delete = reverse("admin:newsroom_hijricalendar_delete", args=[calendar.pk])
    assert editor_client.get(delete).status_code == 403
