"""A live article's page and its poll address: what readers see, what the
caches keep, and when it changes."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from live.models import LiveUpdate
from tests.factories import ArticleFactory, stored_image
from tests.helpers import html, queries_for
from tests.live.factories import LiveCoverageFactory, LiveUpdateFactory
from tests.live.schema_org import validate

pytestmark = pytest.mark.django_db

UPDATE_IDS = re.compile(r'<li class="live-update[^"]*" id="update-(\d+)"')


def poll_url(coverage) -> str:
    return reverse("live:poll", args=[coverage.article_id])


def ago(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


def json_ld_items(page: str) -> list[dict]:
    return [
        json.loads(text)
        for text in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', page, re.S
        )
    ]


# --- the page --------------------------------------------------------------------


def test_updates_are_listed_newest_first_with_their_time(client):
    coverage = LiveCoverageFactory()
    old = LiveUpdateFactory(coverage=coverage, published_at=ago(30))
    new = LiveUpdateFactory(coverage=coverage, published_at=ago(2))
    middle = LiveUpdateFactory(coverage=coverage, published_at=ago(10))

    page = html(client.get(coverage.article.get_absolute_url()))

    assert UPDATE_IDS.findall(page) == [str(new.pk), str(middle.pk), str(old.pk)]
    local = timezone.localtime(new.published_at)
    assert f">{local:%H:%M}</time>" in page
    # The script writes "5 minutes ago" from these: the machine-readable time
    # and the labels of the last day.
    assert f'data-ago="{local.isoformat()}"' in page
    labels = re.search(r'data-ago-labels="([^"]+)"', page).group(1)
    table = json.loads(labels.replace("&quot;", '"'))
    assert len(table["m"]) == 60
    assert len(table["h"]) == 24


def test_key_events_are_listed_at_the_top(client):
    coverage = LiveCoverageFactory()
    LiveUpdateFactory(coverage=coverage, published_at=ago(20))
    key = LiveUpdateFactory(
        coverage=coverage, key_event=True, title="المصادقة على الميزانية"
    )

    page = html(client.get(coverage.article.get_absolute_url()))

    key_events = page[page.index("live__key-events") : page.index("live__updates")]
    assert f'href="#update-{key.pk}"' in key_events
    assert "المصادقة على الميزانية" in key_events
    assert key_events.count("<li>") == 1


def test_an_update_shows_its_photo_and_rich_text(client):
    photo = stored_image(alt="القاعة أثناء التصويت")
    update = LiveUpdateFactory(
        photo=photo, body="<p>نص <strong>مهم</strong><script>alert(1)</script></p>"
    )

    page = html(client.get(update.coverage.article.get_absolute_url()))

    assert 'alt="القاعة أثناء التصويت"' in page
    assert "<strong>مهم</strong>" in page
    assert "alert(1)" not in page


def test_a_withdrawn_update_is_not_shown(client):
    shown = LiveUpdateFactory(body="<p>يبقى ظاهراً</p>")
    withdrawn = LiveUpdateFactory(
        coverage=shown.coverage, body="<p>خبر غير دقيق</p>", withdrawn=True
    )

    page = html(client.get(shown.coverage.article.get_absolute_url()))

    assert "يبقى ظاهراً" in page
    assert "خبر غير دقيق" not in page
    assert f"update-{withdrawn.pk}" not in page


def test_the_live_badge_shows_while_the_coverage_runs_and_goes_when_it_ends(client):
    coverage = LiveCoverageFactory()
    url = coverage.article.get_absolute_url()
    assert "data-live-badge" in html(client.get(url))
    assert "data-live-running" in html(client.get(url))

    coverage.end()

    page = html(client.get(url))
    assert "data-live-badge" not in page
    assert "data-live-running" not in page
    assert 'class="live__ended"' in page


def test_an_article_that_is_no_live_page_has_no_live_block(client):
    article = ArticleFactory()

    page = html(client.get(article.get_absolute_url()))

    assert 'class="live"' not in page
    assert "data-live-badge" not in page
    assert "LiveBlogPosting" not in page


def test_the_live_block_costs_two_queries_whatever_the_updates(client):
    plain = ArticleFactory()
    few = LiveUpdateFactory().coverage
    many = LiveCoverageFactory()
    for _ in range(8):
        LiveUpdateFactory(coverage=many, photo=stored_image())
    base = queries_for(client, plain.get_absolute_url())
    # The coverage (one query, also for an article that is none), its updates.
    assert queries_for(client, few.article.get_absolute_url()) == base + 1
    assert queries_for(client, many.article.get_absolute_url()) == base + 1


def test_a_kept_live_page_asks_the_database_nothing_more(client, settings):
    settings.FRAGMENT_CACHE = True
    coverage = LiveUpdateFactory().coverage
    plain = ArticleFactory()
    url = coverage.article.get_absolute_url()
    client.get(url)
    client.get(plain.get_absolute_url())

    assert queries_for(client, url) == queries_for(client, plain.get_absolute_url())


# --- structured data -------------------------------------------------------------


def test_live_blog_posting_validates_against_schema_org(client):
    coverage = LiveCoverageFactory()
    LiveUpdateFactory(coverage=coverage, published_at=ago(9), title="افتتاح الدورة")
    LiveUpdateFactory(coverage=coverage, photo=stored_image())

    page = html(client.get(coverage.article.get_absolute_url()))

    [live] = [i for i in json_ld_items(page) if i.get("@type") == "LiveBlogPosting"]
    assert validate(live) == []
    assert live["coverageStartTime"].startswith(
        timezone.localtime(coverage.started_at).strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert "coverageEndTime" not in live  # still running
    updates = live["liveBlogUpdate"]
    assert [u["@type"] for u in updates] == ["BlogPosting", "BlogPosting"]
    assert updates[1]["headline"] == "افتتاح الدورة"
    assert updates[0]["url"].endswith(f"#update-{coverage.updates.first().pk}")
    assert updates[0]["image"]


def test_ended_coverage_gives_its_end_time(client):
    coverage = LiveCoverageFactory()
    LiveUpdateFactory(coverage=coverage)
    coverage.end()

    page = html(client.get(coverage.article.get_absolute_url()))

    [live] = [i for i in json_ld_items(page) if i.get("@type") == "LiveBlogPosting"]
    assert validate(live) == []
    assert live["coverageEndTime"]


def test_the_validator_catches_what_schema_org_does_not_allow():
    # The validator itself: a wrong type, property or value is reported.
    assert validate({"@type": "LiveBlogPost"})
    assert validate({"@type": "BlogPosting", "coverageStartTime": "2025-10-24T10:00"})
    assert validate({"@type": "LiveBlogPosting", "coverageStartTime": "demain"})
    assert validate(
        {"@type": "LiveBlogPosting", "liveBlogUpdate": [{"@type": "Person"}]}
    )


# --- the poll --------------------------------------------------------------------


def test_the_poll_sends_the_updates_with_an_etag_a_shared_cache_may_keep(client):
    update = LiveUpdateFactory(key_event=True, title="بداية التصويت")
    coverage = update.coverage

    response = client.get(poll_url(coverage))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["ETag"].startswith('"')
    control = response["Cache-Control"]
    assert "public" in control
    assert "max-age=0" in control
    assert "s-maxage=10" in control
    data = response.json()
    assert data["running"] is True
    assert data["ids"] == [update.pk]
    assert data["updates"][0][0] == update.pk
    assert f'id="update-{update.pk}"' in data["updates"][0][2]
    assert "بداية التصويت" in data["key_events"]


def test_the_poll_answers_304_when_nothing_changed(client):
    coverage = LiveUpdateFactory().coverage
    etag = client.get(poll_url(coverage))["ETag"]

    response = client.get(poll_url(coverage), HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_a_new_update_changes_the_poll_answer(client):
    coverage = LiveUpdateFactory().coverage
    before = client.get(poll_url(coverage))

    new = LiveUpdateFactory(coverage=coverage)

    after = client.get(poll_url(coverage), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after.json()["ids"][0] == new.pk


def test_an_edit_or_a_withdrawal_changes_the_poll_answer(client):
    update = LiveUpdateFactory()
    other = LiveUpdateFactory(coverage=update.coverage)
    first = client.get(poll_url(update.coverage))

    update.body = "<p>تصحيح: صوت 30 عضواً.</p>"
    update.save()
    edited = client.get(poll_url(update.coverage))
    LiveUpdate.objects.filter(pk=other.pk).withdraw()
    withdrawn = client.get(poll_url(update.coverage))

    assert edited["ETag"] != first["ETag"]
    assert "تصحيح" in json.dumps(edited.json(), ensure_ascii=False)
    assert withdrawn.json()["ids"] == [update.pk]


def test_the_poll_says_when_the_coverage_ended(client):
    coverage = LiveUpdateFactory().coverage
    coverage.end()

    data = client.get(poll_url(coverage)).json()

    assert data["running"] is False
    assert "live__ended" in data["ended"]


def test_the_poll_of_an_article_that_is_no_live_page_or_not_published_is_404(
    client,
):
    assert (
        client.get(reverse("live:poll", args=[ArticleFactory().pk])).status_code == 404
    )
    draft = LiveCoverageFactory(article=ArticleFactory(draft=True))
    assert client.get(poll_url(draft)).status_code == 404


def test_the_poll_costs_two_queries_and_none_once_kept(client, settings):
    coverage = LiveCoverageFactory()
    for _ in range(5):
        LiveUpdateFactory(coverage=coverage, photo=stored_image())
    assert queries_for(client, poll_url(coverage)) == 2

    settings.FRAGMENT_CACHE = True
    client.get(poll_url(coverage))
    assert queries_for(client, poll_url(coverage)) == 0


# --- the page cache ----------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_polls_are_served_from_the_page_cache_until_an_update_is_posted(
    client, page_cache
):
    coverage = LiveUpdateFactory().coverage
    first = client.get(poll_url(coverage))
    second = client.get(poll_url(coverage))
    revalidated = client.get(poll_url(coverage), HTTP_IF_NONE_MATCH=first["ETag"])

    assert second["X-Cache"] == "hit"
    assert revalidated.status_code == 304

    new = LiveUpdateFactory(coverage=coverage)

    after = client.get(poll_url(coverage), HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert after.json()["ids"][0] == new.pk


@pytest.mark.django_db(transaction=True)
def test_a_new_update_reaches_the_cached_article_page(client, page_cache):
    coverage = LiveUpdateFactory().coverage
    url = coverage.article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    LiveUpdateFactory(coverage=coverage, body="<p>وصل الوزير إلى القاعة.</p>")

    assert "وصل الوزير إلى القاعة" in html(client.get(url))
