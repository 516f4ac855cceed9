"""Cross-site posts and replayed form stamps: a comment comes from this site's
page, with a stamp served to its reader (or a page's, while it is young), used a
few times at most; the page stays the same bytes for every reader."""

from __future__ import annotations

import base64
import re
import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from comments import stamps
from comments.forms import EXPIRED, served_stamp
from comments.models import Comment, StampUse
from tests.factories import ArticleFactory
from tests.helpers import html

STAMP_RE = re.compile(r'name="served" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _rules(lenient, settings):
    settings.COMMENTS_STAMP_USES = 3
    settings.COMMENTS_SHARED_STAMP_SECONDS = 1800
    settings.COMMENTS_MAX_FORM_SECONDS = 2 * 86400


def personal_stamp(client: Client, served: str = "") -> str:
    response = client.post(reverse("comments:stamp"), {"served": served})
    assert response.status_code == 200
    return response.json()["served"]


def stamp_at(age: float, ip: str | None = None) -> str:
    """A stamp as served `age` seconds ago (to `ip` only, if given)."""
    with mock.patch("time.time", return_value=time.time() - age):
        return served_stamp(ip)


def stored(article) -> int:
    return Comment.objects.filter(article=article).count()


# --- where the post comes from --------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": "https://evil.example.com"},
        {"HTTP_ORIGIN": "http://testserver.evil.example.com"},
        {"HTTP_ORIGIN": ""},
        {"HTTP_REFERER": "https://evil.example.com/page"},
        {"HTTP_REFERER": "null"},
    ],
)
def test_a_post_from_another_site_or_a_sandboxed_frame_is_refused(
    client, article, form_data, headers
):
    url = reverse("comments:post", args=[article.pk])
    response = client.post(url, form_data(), **headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": "http://testserver/2026/01/article/"},
        {},  # an old browser: neither header (see comments.views._same_origin)
    ],
)
def test_a_post_from_this_site_is_accepted(client, article, form_data, headers):
    url = reverse("comments:post", args=[article.pk])
    response = client.post(url, form_data(), **headers)
    assert response.status_code == 302
    assert stored(article) == 1


def test_the_stamp_endpoint_refuses_other_sites(client):
    response = client.post(reverse("comments:stamp"), HTTP_ORIGIN="null")
    assert response.status_code == 403


# --- the reader's own stamp -----------------------------------------------------


def test_a_personal_stamp_is_private_uncached_and_sets_no_cookie(client):
    response = client.post(
        reverse("comments:stamp"),
        REMOTE_ADDR="203.0.113.7",
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert not response.cookies
    token = response.json()["served"]
    payload = base64.urlsafe_b64decode(token.split(":")[0] + "==").decode()
    assert "203.0.113.7" not in payload
    assert stamps.read(token).is_personal


def test_a_personal_stamp_used_from_another_address_is_refused(
    article, form_data, arabic
):
    owner = Client(REMOTE_ADDR="203.0.113.7")
    served = personal_stamp(owner)
    url = reverse("comments:post", args=[article.pk])
    data = form_data(served=served, body="نص كتبته بعناية")

    response = Client(REMOTE_ADDR="198.51.100.9").post(url, data)

    page = html(response, 400)
    assert escape(arabic(EXPIRED)) in page
    assert escape("نص كتبته بعناية") in page
    assert not Comment.objects.exists()
    assert owner.post(url, data).status_code == 302


def test_a_personal_stamp_outlives_the_pages_window(client, article, form_data):
    served = stamp_at(age=3 * 3600, ip="127.0.0.1")
    response = client.post(
        reverse("comments:post", args=[article.pk]), form_data(served=served)
    )
    assert response.status_code == 302


def test_a_personal_stamp_keeps_the_time_the_page_was_served(client):
    page_stamp = stamp_at(age=120)
    mine = stamps.read(personal_stamp(client, served=page_stamp))
    assert mine.served_at == pytest.approx(stamps.read(page_stamp).served_at)
    # Without a page stamp (or a forged one), it is served now.
    fresh = stamps.read(personal_stamp(client, served="forged"))
    assert time.time() - fresh.served_at < 5


def test_readers_behind_one_address_each_get_their_own_stamp(client):
    page_stamp = stamp_at(age=60)
    assert personal_stamp(client, page_stamp) != personal_stamp(client, page_stamp)


# --- replays --------------------------------------------------------------------


def test_a_stamp_stores_three_comments_at_most(client, article, form_data, arabic):
    url = reverse("comments:post", args=[article.pk])
    served = stamp_at(age=60)
    statuses = [
        client.post(
            url, form_data(served=served, email=f"r{n}@example.ma", body=f"نص {n}")
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 302, 400]
    assert stored(article) == 3


def test_a_post_that_is_not_stored_uses_nothing_of_its_stamp(
    client, article, form_data
):
    url = reverse("comments:post", args=[article.pk])
    served = stamp_at(age=60)
    first = form_data(served=served, email="r@example.ma", body="نص أول")
    statuses = [client.post(url, first).status_code for _ in range(3)]
    statuses += [
        client.post(
            url, form_data(served=served, email=f"r{n}@example.ma", body=f"نص {n}")
        ).status_code
        for n in range(2)
    ]

    # The same comment twice more is refused as a duplicate, using no turn.
    assert statuses == [302, 409, 409, 302, 302]
    assert stored(article) == 3


def test_a_replayed_stamp_is_refused_from_any_address(article, form_data):
    url = reverse("comments:post", args=[article.pk])
    served = stamp_at(age=60)
    statuses = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(
            url, form_data(served=served, email=f"r{n}@example.ma", body=f"نص {n}")
        )
        for n in range(1, 6)
    ]
    assert [r.status_code for r in statuses] == [302, 302, 302, 400, 400]
    assert stored(article) == 3


def test_a_refused_replay_comes_back_with_a_stamp_that_works(
    client, article, form_data
):
    url = reverse("comments:post", args=[article.pk])
    served = stamp_at(age=60)
    for n in range(3):
        client.post(url, form_data(served=served, email=f"r{n}@example.ma"))
    response = client.post(url, form_data(served=served, body="مرة رابعة"))
    fresh = STAMP_RE.search(html(response, 400))[1]
    assert fresh != served
    assert (
        client.post(url, form_data(served=fresh, body="مرة رابعة")).status_code == 302
    )


def test_uses_are_counted_in_the_database_with_redis_down(client, article, form_data):
    redis_down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/14",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    url = reverse("comments:post", args=[article.pk])
    served = stamp_at(age=60)
    # Inside the test: the cache is back before the fixtures empty it.
    with override_settings(CACHES=redis_down):
        statuses = [
            client.post(
                url, form_data(served=served, email=f"r{n}@example.ma", body=f"نص {n}")
            ).status_code
            for n in range(4)
        ]
    assert statuses == [302, 302, 302, 400]
    assert StampUse.objects.get().uses == 3


# --- the page's shared stamp ----------------------------------------------------


def test_a_pages_stamp_after_its_window_is_refused_and_the_text_kept(
    client, article, form_data, arabic
):
    data = form_data(served=stamp_at(age=1801), body="نص طويل كتبته ببطء")
    response = client.post(reverse("comments:post", args=[article.pk]), data)
    page = html(response, 400)
    assert escape(arabic(EXPIRED)) in page
    assert escape("نص طويل كتبته ببطء") in page
    assert not Comment.objects.exists()
    # The form came back with the reader's own stamp: sending it again works.
    fresh = STAMP_RE.search(page)[1]
    assert stamps.read(fresh).was_served_to("127.0.0.1")
    response = client.post(
        reverse("comments:post", args=[article.pk]), {**data, "served": fresh}
    )
    assert response.status_code == 302


def test_a_pages_stamp_within_its_window_is_accepted(client, article, form_data):
    data = form_data(served=stamp_at(age=1700))
    response = client.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_cached_page_is_the_same_bytes_for_two_readers(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    article = ArticleFactory()
    first = Client(REMOTE_ADDR="203.0.113.7").get(article.get_absolute_url())
    second = Client(REMOTE_ADDR="198.51.100.9").get(article.get_absolute_url())
    assert second["X-Cache"] == "hit"
    assert first.content == second.content
    page = html(second)
    # The page's stamp is nobody's in particular; its script can get one.
    assert not stamps.read(STAMP_RE.search(page)[1]).is_personal
    assert f'data-stamp-url="{reverse("comments:stamp")}"' in page


def test_a_pages_stamp_says_when_it_was_served_and_nothing_else():
    assert isinstance(signing.loads(served_stamp(), salt=stamps.SALT), int)
