from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def views_of(article: Article) -> int:
    article.refresh_from_db(fields=["view_count"])
    return article.view_count


def test_a_reader_visit_counts_once(reader_client):
    article = ArticleFactory()
    reader_client.get(article.get_absolute_url())
    reader_client.get(article.get_absolute_url())
    assert views_of(article) == 1


def test_two_readers_count_twice():
    article = ArticleFactory()
    for _ in range(2):
        Client(HTTP_USER_AGENT=BROWSER).get(article.get_absolute_url())
    assert views_of(article) == 2


def test_visit_window_expiring_counts_again(reader_client, settings):
    settings.VIEW_COUNT_WINDOW = -1  # every cookie is already expired
    article = ArticleFactory()
    reader_client.get(article.get_absolute_url())
    reader_client.get(article.get_absolute_url())
    assert views_of(article) == 2


def test_tampered_visit_cookie_is_ignored(reader_client):
    article = ArticleFactory()
    reader_client.cookies["seen"] = f"{article.pk}:forged"
    reader_client.get(article.get_absolute_url())
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
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent)
    assert views_of(article) == 0


def test_prefetch_is_not_counted(reader_client):
    article = ArticleFactory()
    reader_client.get(article.get_absolute_url(), HTTP_SEC_PURPOSE="prefetch")
    assert views_of(article) == 0


def test_head_request_is_not_counted(reader_client):
    article = ArticleFactory()
    reader_client.head(article.get_absolute_url())
    assert views_of(article) == 0


def test_staff_preview_is_not_counted(editor_client):
    draft = ArticleFactory(draft=True)
    published = ArticleFactory()
    editor_client.get(draft.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    editor_client.get(published.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert views_of(draft) == 0
    assert views_of(published) == 0


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
            statuses.append(client.get(article.get_absolute_url()).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * readers
    assert views_of(article) == readers
