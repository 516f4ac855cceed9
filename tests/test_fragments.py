"""Fragments kept under the content version: a page rendered afresh reuses them,
and any change a reader could see shows at once, as with the page cache."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.core import signing

from articles.models import Article
from comments import forms
from comments.models import Comment
from comments.moderation import approve
from comments.tokens import pending_token
from tests.factories import (
    ArticleFactory,
    AttendeeFactory,
    CommentFactory,
    EventFactory,
    PlaceFactory,
)
from tests.helpers import html, queries_for

pytestmark = pytest.mark.django_db(transaction=True)

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
