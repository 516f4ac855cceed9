"""Fragments kept under the content version: a page rendered afresh reuses them,
and any change a reader could see shows at once, as with the page cache."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments import forms
from comments.models import Comment
from comments.moderation import approve
from comments.tokens import pending_token
from newsroom.fragments import kept
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    OfficialFactory,
    PlaceFactory,
    SectionFactory,
    TagFactory,
)
from tests.helpers import html, queries_for

pytestmark = pytest.mark.django_db(transaction=True)

MID_OCTOBER = datetime.datetime(2025, 10, 15, 12, tzinfo=datetime.UTC)
STAMP = re.compile(r'name="served" value="([^"]+)"')


@pytest.fixture(autouse=True)
def fragments_only(settings):
    # No page cache: every request renders, from kept fragments.
    settings.PAGE_CACHE = False
    settings.FRAGMENT_CACHE = True


def test_an_article_rendered_again_reuses_its_kept_parts(client):
    article = ArticleFactory()
    AttendeeFactory(article=article)
    CommentFactory(article=article)
    url = article.get_absolute_url()

    first = queries_for(client, url)
    again = queries_for(client, url)

    assert again < first
    assert again <= 1


def test_each_render_gets_its_own_form_stamp(client, monkeypatch):
    # A clock a minute later at every reading: a kept stamp would show twice.
    clock = iter(range(1_800_000_000, 1_900_000_000, 60))
    monkeypatch.setattr(forms, "time", SimpleNamespace(time=lambda: next(clock)))
    article = ArticleFactory()

    pages = [html(client.get(article.get_absolute_url())) for _ in range(2)]

    served = [
        signing.loads(STAMP.search(page).group(1), salt=forms.TIMESTAMP_SALT)
        for page in pages
    ]
    assert served[1] > served[0]
    assert "\x00" not in pages[1]


def test_changes_show_at_once_through_kept_parts(client):
    article = ArticleFactory(title="عنوان أول")
    comment = CommentFactory(
        article=article, status=Comment.Status.PENDING, body="تعليق ينتظر"
    )
    url = article.get_absolute_url()
    for _ in range(2):
        page = html(client.get(url))
    assert "تعليق ينتظر" not in page

    approve(comment)
    assert "تعليق ينتظر" in html(client.get(url))

    Article.objects.filter(pk=article.pk).update(title="عنوان ثان")
    assert "عنوان ثان" in html(client.get(url))

    AttendeeFactory(article=article, name_as_printed="حاضر جديد")
    assert "حاضر جديد" in html(client.get(url))


def test_a_readers_pending_comment_is_never_kept_for_others(client):
    article = ArticleFactory()
    CommentFactory(article=article)
    mine = CommentFactory(article=article, status=Comment.Status.PENDING, body="لي")
    url = article.get_absolute_url()
    html(client.get(url))

    own = html(client.get(f"{url}?pending={pending_token(mine)}"))
    others = html(client.get(url))

    assert f'id="comment-{mine.pk}"' in own
    assert f'id="comment-{mine.pk}"' not in others


def test_place_and_event_pages_show_changes_at_once_through_kept_parts(client):
    place = PlaceFactory(name="جماعة أولى")
    event = EventFactory(place=place, title="لقاء أول")
    article = ArticleFactory(event=event)
    AttendeeFactory(article=article, name_as_printed="حاضر أول")
    for _ in range(2):
        place_page = html(client.get(place.get_absolute_url(), follow=True))
        event_page = html(client.get(event.get_absolute_url(), follow=True))
    assert "لقاء أول" in place_page
    assert "حاضر أول" in event_page
    assert queries_for(client, event.get_absolute_url()) < 5

    place.name = "جماعة مسماة من جديد"
    place.save()
    second = EventFactory(place=place, title="لقاء ثان")
    ArticleFactory(event=second)
    AttendeeFactory(article=article, name_as_printed="حاضر ثان")

    place_page = html(client.get(place.get_absolute_url(), follow=True))
    assert "جماعة مسماة من جديد" in place_page
    assert "لقاء ثان" in place_page
    assert "حاضر ثان" in html(client.get(event.get_absolute_url(), follow=True))


def test_list_pages_rendered_again_ask_the_database_nothing(client):
    section = SectionFactory()
    tag = TagFactory()
    official = OfficialFactory()
    article = ArticleFactory(section=section, published_at=MID_OCTOBER)
    article.tags.add(tag)
    AttendeeFactory(article=article, official=official)
    urls = [
        "/",
        section.get_absolute_url(),
        tag.get_absolute_url(),
        official.get_absolute_url(),
        "/archive/",
        "/archive/2025/10/",
        "/search/?q=" + article.title.split()[0],
        "/sitemap-articles.xml",
        "/feed/",
        section.get_absolute_url() + "feed/",
    ]
    for url in urls:
        first = queries_for(client, url)
        assert queries_for(client, url) == 0 < first, url


def test_list_pages_show_a_new_article_at_once_through_kept_parts(client):
    section = SectionFactory()
    tag = TagFactory()
    official = OfficialFactory()
    urls = [
        "/",
        section.get_absolute_url(),
        tag.get_absolute_url(),
        official.get_absolute_url(),
        "/archive/2025/10/",
        "/search/?q=زلزال",
        "/feed/",
        section.get_absolute_url() + "feed/atom/",
        tag.get_absolute_url() + "feed/",
        official.get_absolute_url() + "feed/",
    ]
    old = ArticleFactory(section=section, published_at=MID_OCTOBER, title="زلزال أول")
    old.tags.add(tag)
    AttendeeFactory(article=old, official=official)
    for url in urls:
        for _ in range(2):
            assert "زلزال أول" in html(client.get(url)).replace("</mark>", ""), url
    assert f"/{old.pk}/" in html(client.get("/sitemap-articles.xml"))

    new = ArticleFactory(
        section=section,
        published_at=MID_OCTOBER + datetime.timedelta(days=1),
        title="زلزال ثان",
    )
    new.tags.add(tag)
    AttendeeFactory(article=new, official=official)

    for url in urls:
        assert "زلزال ثان" in html(client.get(url)).replace("</mark>", ""), url
    assert f"/{new.pk}/" in html(client.get("/sitemap-articles.xml"))


def test_each_request_gets_its_own_copy_of_a_kept_part(rf, settings):
    request, other = rf.get("/"), rf.get("/")
    first = kept(request, "test:list", lambda: ["kept"])
    first.append("changed by one request")

    assert kept(other, "test:list", lambda: ["built again"]) == ["kept"]


def test_the_view_pixel_asks_the_database_only_to_count():
    article = ArticleFactory()
    pixel = f"/{article.pk}/seen.gif"

    def new_reader() -> Client:
        return Client(headers={"User-Agent": "Mozilla/5.0 Firefox/140"})

    assert new_reader().get(pixel).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert new_reader().get(pixel).status_code == 200
    # The article's count, and the hour's row the editors' desk reads.
    assert [q["sql"].split()[0] for q in queries] == ["UPDATE", "INSERT"]

    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    assert new_reader().get(pixel).status_code == 404
