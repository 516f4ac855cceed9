from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def pixel(article: Article) -> str:
    return reverse("articles:count-view", args=[article.pk])


def views_of(article: Article) -> int:
    article.refresh_from_db(fields=["view_count"])
    return article.view_count


def test_a_reader_visit_counts_once(reader_client):
    article = ArticleFactory()
    reader_client.get(pixel(article))
    reader_client.get(pixel(article))
    assert views_of(article) == 1


def test_two_readers_count_twice():
    article = ArticleFactory()
    for _ in range(2):
        Client(HTTP_USER_AGENT=BROWSER).get(pixel(article))
    assert views_of(article) == 2


def test_visit_window_expiring_counts_again(reader_client, settings):
    settings.VIEW_COUNT_WINDOW = -1  # every cookie is already expired
    article = ArticleFactory()
    reader_client.get(pixel(article))
    reader_client.get(pixel(article))
    assert views_of(article) == 2


def test_tampered_visit_cookie_is_ignored(reader_client):
    article = ArticleFactory()
    reader_client.cookies["seen"] = f"{article.pk}:forged"
    reader_client.get(pixel(article))
    assert views_of(article) == 1


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "",
    ],
)
def test_bots_are_not_counted(client, agent):
    article = ArticleFactory()
    client.get(pixel(article), HTTP_USER_AGENT=agent)
    assert views_of(article) == 0


def test_prefetch_is_not_counted(reader_client):
    article = ArticleFactory()
    reader_client.get(pixel(article), HTTP_SEC_PURPOSE="prefetch")
    assert views_of(article) == 0


def test_head_request_is_not_counted(reader_client):
    article = ArticleFactory()
    reader_client.head(pixel(article))
    assert views_of(article) == 0


def test_staff_reading_is_not_counted(editor_client):
    article = ArticleFactory()
    editor_client.get(pixel(article), HTTP_USER_AGENT=BROWSER)
    assert views_of(article) == 0


def test_draft_has_no_counter_and_its_pixel_is_404(editor_client, reader_client):
    draft = ArticleFactory(draft=True)
    page = editor_client.get(draft.get_absolute_url()).content.decode()
    assert pixel(draft) not in page
    assert reader_client.get(pixel(draft)).status_code == 404
    assert views_of(draft) == 0


def test_article_page_loads_the_counter_and_sets_no_cookie(reader_client):
    article = ArticleFactory()
    response = reader_client.get(article.get_absolute_url())
    assert f'src="{pixel(article)}"' in response.content.decode()
    assert not response.cookies
    assert views_of(article) == 0  # the page itself counts nothing


def test_pixel_is_a_never_cached_gif(reader_client):
    response = reader_client.get(pixel(ArticleFactory()))
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_readers_lose_no_view():
    article = ArticleFactory()
    readers = 24
    barrier = threading.Barrier(readers)
    statuses: list[int] = []

    def read() -> None:
        client = Client(HTTP_USER_AGENT=BROWSER)
        barrier.wait()
        try:
            statuses.append(client.get(pixel(article)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * readers
    assert views_of(article) == readers
