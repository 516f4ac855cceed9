"""Dates as Moroccan outlets print them: the weekday, the date and the 24-hour
time on an article ("الجمعة 24 أكتوبر 2025 - 16:05"); in lists the date, with the
labels ("منذ 3 ساعات", "منذ ساعتين") the page's script picks from."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from newsroom.timeago import label_table
from tests.factories import ArticleFactory
from tests.helpers import html

pytestmark = pytest.mark.django_db

CASABLANCA = datetime.timezone(datetime.timedelta(hours=1))
FRIDAY = datetime.datetime(2025, 10, 24, 16, 5, tzinfo=CASABLANCA)


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
