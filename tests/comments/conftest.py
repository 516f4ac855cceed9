"""Fixtures for the comment tests: an empty cache, an open article, a form to send."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from comments.forms import served_stamp
from tests.factories import ArticleFactory

ARABIC_RE = re.compile("[\u0600-\u06ff]")


@pytest.fixture(autouse=True)
def _empty_cache():
    # The flood check keeps its marks in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lenient(settings):
    """No minimum time on the form and no flood limit: for tests of other rules."""
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    return settings


def old_stamp(age: float = 60) -> str:
    """The form's stamp as if the page had been served `age` seconds ago."""
    with mock.patch("comments.forms.time.time", return_value=time.time() - age):
        return served_stamp()


@pytest.fixture
def stamp() -> Callable[..., str]:
    return old_stamp


@pytest.fixture
def article(db):
    return ArticleFactory(title="لقاء تواصلي بالدار البيضاء")


@pytest.fixture
def form_data() -> Callable[..., dict]:
    """What a reader sends: a valid form, with any field replaced."""

    def make(**fields) -> dict:
        data = {
            "name": "سعاد العلوي",
            "email": "souad@example.ma",
            "url": "",
            "body": "شكرا على هذا الخبر المفيد.",
            "served": old_stamp(),
            "homepage": "",
            "parent": "",
        }
        data.update(fields)
        return data

    return make


@pytest.fixture
def post(client, article, form_data) -> Callable:
    """Send the comment form of `article` (or another one) through HTTP."""

    def send(target=None, client=client, **fields):
        target = target or article
        data = form_data(**fields)
        response = client.post(reverse("comments:post", args=[target.pk]), data)
        response.sent_data = data
        return response

    return send


@pytest.fixture
def arabic() -> Callable[[str], str]:
    """The Arabic the reader reads for an English msgid (which must have one)."""

    def translate(msgid: str) -> str:
        with translation.override("ar"):
            text = gettext(msgid)
        assert ARABIC_RE.search(text), f"no Arabic translation for {msgid!r}"
        return text

    return translate
