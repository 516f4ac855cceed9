"""The shared page cache: served to every anonymous reader, dropped at once by any
change a reader could see, bypassed for staff and personal pages, no stampede,
and a cache that fails never fails a page."""

from __future__ import annotations

import contextlib
import gzip
import re
import threading
import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from articles.models import Article, ViewCountBatch
from comments.models import Comment
from comments.moderation import approve
from comments.privacy import erase_commenter
from newsroom import pagecache
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    PlaceFactory,
    TagFactory,
)
from tests.helpers import html, redis_answers

# Real commits: the cache is dropped when a transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True, params=["local memory", "redis"])
def page_cache(request, settings):
    """The cache on, in local memory (tests) and in Redis (production)."""
    settings.PAGE_CACHE = True
    if request.param == "redis":
        if not redis_answers():
            pytest.skip("Redis does not answer on 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "newsroom.cache.RedisCache",
                # A database of the tests' own: clear() empties it.
                "LOCATION": "redis://127.0.0.1:6379/13",
                "KEY_PREFIX": "tests-page-cache",
            }
        }
    cache.clear()
    yield
    with contextlib.suppress(Exception):  # the test that stops the cache
        cache.clear()


def cached_twice(client, url: str) -> str:
    """The page at `url`, asked for twice: the second answer comes from the cache."""
    first = client.get(url)
    second = client.get(url)
    assert second["X-Cache"] == "hit", url
    assert second.content == first.content
    return html(second)


# --- served from the cache --------------------------------------------------------


def test_a_reader_page_is_rendered_once_then_served_from_the_cache(client):
    article = ArticleFactory()

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_reader_accepting_gzip_gets_the_page_compressed_once_and_kept(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    gzip_headers = {"Accept-Encoding": "gzip, deflate, br"}

    plain = client.get(url)
    first = client.get(url, headers=gzip_headers)
    second = client.get(url, headers=gzip_headers)

    # One copy per encoding: the compressed one rendered once, then kept.
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second["Content-Encoding"] == "gzip"
    assert second.content == first.content

    # The same page, but for the form's time stamp, which each render writes.
    def stamp_blanked(content: bytes) -> bytes:
        return re.sub(rb'name="served" value="[^"]*"', b"", content)

    assert stamp_blanked(gzip.decompress(second.content)) == stamp_blanked(
        plain.content
    )
    assert len(second.content) < len(plain.content) / 2
    assert "Content-Encoding" not in client.get(url)
    assert "Accept-Encoding" in second["Vary"]
    # Browsers revalidate the compressed copy as any other.
    again = client.get(url, headers={**gzip_headers, "If-None-Match": second["ETag"]})
    assert again.status_code == 304


def test_tracking_tags_share_the_page_and_other_parameters_bypass_it(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)

    assert client.get(url, {"fbclid": "IwAR0x", "utm_source": "fb"})["X-Cache"] == (
        "hit"
    )
    assert "X-Cache" not in client.get(url, {"pending": "a-token"})
    assert client.get("/", {"page": "1"})["X-Cache"] == "miss"


def test_feeds_and_sitemaps_are_served_from_the_cache(client):
    ArticleFactory()
    for url in ["/feed/", "/feed/atom/", "/sitemap.xml", "/news-sitemap.xml"]:
        cached_twice(client, url)


def test_staff_are_never_served_from_the_cache_nor_stored_in_it(client, editor):
    draft = ArticleFactory(draft=True, title="مسودة لم تنشر بعد")
    client.force_login(editor)

    staff_view = client.get(draft.get_absolute_url())
    assert "X-Cache" not in staff_view
    assert "مسودة لم تنشر بعد" in html(staff_view)
    client.logout()

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_head_is_answered_from_the_page_get_stored(client):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url())

    response = client.head(article.get_absolute_url())

    assert response["X-Cache"] == "hit"
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(page.content))


# --- exact invalidation: every change shows at once --------------------------------


def test_publishing_shows_on_the_home_page_and_the_article_at_once(client):
    draft = ArticleFactory(draft=True, title="خبر ينشر الآن")
    assert "خبر ينشر الآن" not in cached_twice(client, "/")

    Article.objects.filter(pk=draft.pk).publish()

    assert "خبر ينشر الآن" in html(client.get("/"))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_an_edit_shows_on_the_article_its_lists_and_feeds_at_once(client):
    article = ArticleFactory(title="العنوان الأول للخبر")
    for url in [article.get_absolute_url(), "/", "/feed/"]:
        assert "العنوان الأول للخبر" in cached_twice(client, url)

    article.title = "العنوان المصحح للخبر"
    article.save()

    for url in [article.get_absolute_url(), "/", "/feed/"]:
        page = html(client.get(url))
        assert "العنوان المصحح للخبر" in page, url
        assert "العنوان الأول للخبر" not in page, url


def test_tagging_an_article_shows_on_the_tag_page_at_once(client):
    article = ArticleFactory(title="خبر عن الماء")
    tag = TagFactory()
    assert "خبر عن الماء" not in cached_twice(client, tag.get_absolute_url())

    article.tags.add(tag)

    assert "خبر عن الماء" in html(client.get(tag.get_absolute_url()))


def test_unpublishing_takes_the_article_off_every_page_at_once(client):
    article = ArticleFactory(title="خبر سيسحب")
    assert "خبر سيسحب" in cached_twice(client, "/")
    cached_twice(client, article.get_absolute_url())

    Article.objects.filter(pk=article.pk).unpublish()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert "خبر سيسحب" not in html(client.get("/"))
    assert "خبر سيسحب" not in html(client.get("/feed/"))


def test_deleting_takes_the_article_off_at_once(client):
    article = ArticleFactory(title="خبر سيحذف")
    assert "خبر سيحذف" in cached_twice(client, "/")

    article.delete()

    assert "خبر سيحذف" not in html(client.get("/"))


def test_a_scheduled_article_appears_when_its_time_comes(client, monkeypatch):
    start = timezone.now()
    ArticleFactory(
        title="خبر مبرمج", published_at=start + timezone.timedelta(minutes=5)
    )
    assert "خبر مبرمج" not in cached_twice(client, "/")

    monkeypatch.setattr(
        timezone, "now", lambda: start + timezone.timedelta(minutes=5, seconds=1)
    )

    assert "خبر مبرمج" in html(client.get("/"))


def test_an_approved_comment_shows_on_the_article_and_the_comments_feed(client):
    comment = CommentFactory(status=Comment.Status.PENDING, body="تعليق ينتظر المراجعة")
    url = comment.article.get_absolute_url()
    assert "تعليق ينتظر المراجعة" not in cached_twice(client, url)
    assert "تعليق ينتظر المراجعة" not in cached_twice(client, "/comments/feed/")

    approve(comment)

    assert "تعليق ينتظر المراجعة" in html(client.get(url))
    assert "تعليق ينتظر المراجعة" in html(client.get("/comments/feed/"))


def test_a_removed_comment_leaves_the_page_at_once(client):
    comment = CommentFactory(body="تعليق سيحذف")
    url = comment.article.get_absolute_url()
    assert "تعليق سيحذف" in cached_twice(client, url)

    Comment.objects.filter(pk=comment.pk).delete()

    assert "تعليق سيحذف" not in html(client.get(url))


def test_an_erased_commenter_leaves_every_page_at_once(client):
    comment = CommentFactory(name="سعيد المعلق", email="said@example.org")
    url = comment.article.get_absolute_url()
    assert "سعيد المعلق" in cached_twice(client, url)
    assert "سعيد المعلق" in cached_twice(client, "/comments/feed/")

    erase_commenter("said@example.org")

    assert "سعيد المعلق" not in html(client.get(url))
    assert "سعيد المعلق" not in html(client.get("/comments/feed/"))


def test_renaming_an_official_shows_on_their_page_and_links_at_once(client):
    attendee = AttendeeFactory()
    official = attendee.official
    article_url = attendee.article.get_absolute_url()
    cached_twice(client, article_url)
    cached_twice(client, official.get_absolute_url())

    official.name = "اسم جديد للمسؤول"
    official.slug = ""
    official.save()

    # The article keeps the name as printed; its link follows the new address.
    assert official.get_absolute_url() in html(client.get(article_url))
    page = html(client.get(official.get_absolute_url()))
    assert "اسم جديد للمسؤول" in page


def test_a_spam_wave_leaves_the_cached_pages_alone(client):
    article = ArticleFactory()
    cached_twice(client, article.get_absolute_url())
    cached_twice(client, "/")

    for n in range(3):
        CommentFactory(article=article, status=Comment.Status.PENDING, body=f"{n}")
    spam = CommentFactory(article=article, status=Comment.Status.SPAM)
    Comment.objects.filter(pk=spam.pk).update(status=Comment.Status.TRASH)

    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    assert client.get("/")["X-Cache"] == "hit"


def test_views_counted_and_flushed_do_not_drop_the_cache(client):
    article = ArticleFactory()
    cached_twice(client, article.get_absolute_url())

    Article.objects.filter(pk=article.pk).update(view_count=41)
    Article.objects.add_views({article.pk: 3})
    ViewCountBatch.objects.create(token="a-flushed-batch")

    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"


# --- the stampede guard, stale copies and failures ---------------------------------


def slow_page(renders: list, seconds: float = 0.3, rendering=None):
    from django.http import HttpResponse

    from newsroom.caching import share

    def get_response(request):
        renders.append(request)
        if rendering is not None:
            rendering.set()
        time.sleep(seconds)
        return share(request, HttpResponse(f"page {len(renders)}"))

    return get_response


def test_concurrent_readers_of_a_cold_page_wait_for_one_render(db):
    renders: list = []
    middleware = pagecache.PageCacheMiddleware(slow_page(renders))
    pagecache.content_version()  # its one query, before the threads start
    answers: list = []

    def read():
        answers.append(middleware(RequestFactory().get("/")))

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()

    assert len(renders) == 1
    assert [a.content for a in answers] == [b"page 1"] * 8
    assert sorted(a["X-Cache"] for a in answers) == ["hit"] * 7 + ["miss"]


def test_while_a_changed_page_renders_other_readers_get_the_previous_copy(db):
    renders: list = []
    rendering = threading.Event()
    middleware = pagecache.PageCacheMiddleware(slow_page(renders, rendering=rendering))
    middleware(RequestFactory().get("/"))
    pagecache._drop_version()
    rendering.clear()
    answers: list = []

    renderer = threading.Thread(
        target=lambda: answers.append(middleware(RequestFactory().get("/")))
    )
    renderer.start()
    assert rendering.wait(timeout=10)
    meanwhile = middleware(RequestFactory().get("/"))
    renderer.join()

    assert (meanwhile["X-Cache"], meanwhile.content) == ("stale", b"page 1")
    assert (answers[0]["X-Cache"], answers[0].content) == ("miss", b"page 2")
    assert len(renders) == 2


def test_a_failing_render_is_answered_with_the_previous_copy(db):
    from django.http import HttpResponse, HttpResponseServerError

    from newsroom.caching import share

    pages = iter(
        [
            lambda r: share(r, HttpResponse("good page")),
            lambda r: HttpResponseServerError("database down"),
        ]
    )
    middleware = pagecache.PageCacheMiddleware(lambda r: next(pages)(r))
    middleware(RequestFactory().get("/"))
    pagecache._drop_version()

    response = middleware(RequestFactory().get("/"))

    assert (response.status_code, response.content) == (200, b"good page")
    assert response["X-Cache"] == "stale"


def test_pages_keep_serving_when_the_cache_server_is_down(client, settings):
    article = ArticleFactory(title="خبر والخادم معطل")
    # Nothing listens on port 9: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    assert "خبر والخادم معطل" in html(client.get(article.get_absolute_url()))
    assert "خبر والخادم معطل" in html(client.get("/"))
    article.title = "خبر عدل والخادم معطل"
    article.save()  # dropping the version fails quietly
    assert "خبر عدل والخادم معطل" in html(client.get("/"))


def test_with_the_page_cache_off_every_request_renders(client, settings):
    settings.PAGE_CACHE = False
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    assert "X-Cache" not in client.get(article.get_absolute_url())
    assert cache.get(pagecache.STATE_KEY) is None


# --- headers a CDN can use ---------------------------------------------------------


def reader_urls() -> list[str]:
    event = EventFactory(place=PlaceFactory())
    article = ArticleFactory(event=event, tags=[TagFactory()])
    AttendeeFactory(article=article)
    CommentFactory(article=article)
    month = timezone.localtime(article.published_at)
    official = article.attendees.get().official
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        official.get_absolute_url(),
        event.place.get_absolute_url(),
        event.get_absolute_url(),
        "/archive/",
        f"/archive/{month:%Y}/{month:%m}/",
        "/search/",
        "/search/?q=خبر",
        "/feed/",
        "/comments/feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ]


@pytest.mark.parametrize("page_cache_on", [False, True])
def test_reader_pages_vary_on_nothing_and_let_shared_caches_keep_them(
    client, settings, page_cache_on
):
    settings.PAGE_CACHE = page_cache_on
    for url in reader_urls():
        for _ in range(2):  # rendered, then (cache on) from the cache
            response = client.get(url)
            assert response.status_code == 200, url
            assert set(response.get("Vary", "").split(", ")) <= {"", "Accept-Encoding"}
            assert not response.cookies, url
            control = response["Cache-Control"]
            for directive in [
                "public",
                "max-age=0",
                f"s-maxage={settings.PAGE_CACHE_SECONDS}",
                f"stale-while-revalidate={settings.PAGE_STALE_WHILE_REVALIDATE}",
                f"stale-if-error={settings.PAGE_STALE_IF_ERROR}",
            ]:
                assert directive in control, (url, control)


def test_a_browser_revalidating_an_unchanged_page_gets_a_304(client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""

    article.title = "عنوان آخر"
    article.save()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_page_for_one_reader_is_kept_by_no_cache(client):
    comment = CommentFactory(status=Comment.Status.PENDING)
    from comments.tokens import pending_token

    url = f"{comment.article.get_absolute_url()}?pending={pending_token(comment)}"
    response = client.get(url)

    assert comment.body in html(response)
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    # And the page everyone else gets does not show it.
    assert comment.body not in html(client.get(comment.article.get_absolute_url()))
