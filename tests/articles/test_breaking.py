"""Breaking news (عاجل): which articles are breaking, the bar on every reader page,
the home page's lead, the editors' actions, and caches that end with it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Version

from articles import breaking, workflow
from articles.feeds import LatestArticlesFeed
from articles.models import Article, Correction
from newsroom import pagecache
from tests.factories import ArticleFactory, SectionFactory, UserFactory
from tests.helpers import html, load_demo

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
BAR = re.compile(r'<section class="breaking".*?</section>', re.DOTALL)


def hours(n: float) -> datetime.timedelta:
    return datetime.timedelta(hours=n)


def breaking_article(title: str, *, ago: float = 1, left: float = 2) -> Article:
    """A published article, `ago` hours old, breaking for `left` hours more."""
    now = timezone.now()
    return ArticleFactory(
        title=title, published_at=now - hours(ago), breaking_until=now + hours(left)
    )


def bar_of(page: str) -> str:
    """The breaking bar of a page, or "" when it has none."""
    found = BAR.search(page)
    return found.group(0) if found else ""


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, moved by the test: models, views and caches read it."""

    class Clock:
        now = timezone.now().replace(microsecond=0)

        def move(self, **delta) -> None:
            self.now += datetime.timedelta(**delta)

    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed


# --- which articles are breaking -----------------------------------------------


def test_breaking_lists_published_articles_until_their_end_newest_first():
    older = breaking_article("قديم", ago=3, left=1)
    newer = breaking_article("جديد", ago=1, left=5)
    ArticleFactory(title="عادي")
    ended = ArticleFactory(breaking_until=timezone.now() - hours(1))

    assert list(Article.objects.breaking()) == [newer, older]
    # At a given time: the older one has ended by then, the ended one too.
    later = timezone.now() + hours(2)
    assert list(Article.objects.breaking(now=later)) == [newer]
    assert ended not in Article.objects.breaking(now=timezone.now() - hours(2))


def test_drafts_scheduled_and_unpublished_articles_are_never_breaking():
    until = timezone.now() + hours(2)
    ArticleFactory(draft=True, breaking_until=until)
    ArticleFactory(scheduled=True, breaking_until=until)
    ArticleFactory(status=Article.Status.UNPUBLISHED, breaking_until=until)

    assert not Article.objects.breaking().exists()


def test_the_next_breaking_end_is_the_first_to_come():
    first = breaking_article("ينتهي أولا", left=1)
    breaking_article("ينتهي بعده", left=4)
    ArticleFactory(breaking_until=timezone.now() - hours(1))

    assert Article.objects.next_breaking_end() == first.breaking_until


def test_no_breaking_end_when_nothing_is_breaking():
    ArticleFactory(breaking_until=timezone.now() - hours(1))

    assert Article.objects.next_breaking_end() is None


# --- the editors' moves --------------------------------------------------------


def test_marking_gives_published_articles_a_few_hours_and_a_revision(clock, editor):
    published = ArticleFactory()
    draft = ArticleFactory(draft=True)

    count = breaking.mark(
        Article.objects.filter(pk__in=[published.pk, draft.pk]), by=editor
    )

    assert count == 1
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.breaking_until == clock.now + breaking.DEFAULT_DURATION
    assert draft.breaking_until is None
    version = Version.objects.get_for_object(published).first()
    assert version.revision.user == editor
    assert version.field_dict["breaking_until"] == published.breaking_until


def test_marking_until_a_given_time(editor):
    article = ArticleFactory()
    until = timezone.now() + hours(8)

    breaking.mark(Article.objects.filter(pk=article.pk), by=editor, until=until)

    article.refresh_from_db()
    assert article.breaking_until == until


def test_ending_stops_breaking_now(editor):
    article = breaking_article("خبر عاجل")

    assert breaking.end(Article.objects.all(), by=editor) == 1

    assert not Article.objects.breaking().exists()
    assert Version.objects.get_for_object(article).count() == 1


def test_editor_marks_breaking_from_the_article_list(editor_client):
    article = ArticleFactory()

    editor_client.post(
        CHANGELIST, {"action": "mark_breaking", "_selected_action": [article.pk]}
    )
    assert list(Article.objects.breaking()) == [article]

    editor_client.post(
        CHANGELIST, {"action": "end_breaking", "_selected_action": [article.pk]}
    )
    assert not Article.objects.breaking().exists()


def test_authors_cannot_mark_breaking(client):
    author = UserFactory(username="writer", is_staff=True)
    author.groups.add(Group.objects.get(name=workflow.AUTHORS))
    article = ArticleFactory(author=author)
    client.force_login(author)

    changelist = html(client.get(CHANGELIST))
    client.post(
        CHANGELIST, {"action": "mark_breaking", "_selected_action": [article.pk]}
    )

    assert 'value="mark_breaking"' not in changelist
    assert not Article.objects.breaking().exists()


def test_editor_sets_the_end_in_the_article_form(editor_client):
    article = ArticleFactory()

    page = html(
        editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    )

    assert 'name="breaking_until_0"' in page


# --- the bar ---------------------------------------------------------------------


def test_the_bar_links_to_the_three_newest_breaking_articles_on_every_page(client):
    section = SectionFactory()
    other = ArticleFactory(title="خبر آخر", section=section)
    for n in range(4):
        breaking_article(f"عاجل رقم {n}", ago=4 - n)

    for url in ["/", other.get_absolute_url(), section.get_absolute_url(), "/archive/"]:
        bar = bar_of(html(client.get(url)))
        titles = re.findall(r"عاجل رقم \d", bar)
        assert titles == ["عاجل رقم 3", "عاجل رقم 2", "عاجل رقم 1"], url
        assert f'aria-label="{gettext("Breaking news")}"' in bar
        assert f'<p class="breaking__label">{gettext("Breaking")}</p>' in bar
    newest = Article.objects.get(title="عاجل رقم 3")
    assert f'href="{newest.get_absolute_url()}"' in bar


def test_no_bar_without_breaking_news(client):
    article = ArticleFactory(breaking_until=timezone.now() - hours(1))

    assert bar_of(html(client.get("/"))) == ""
    assert bar_of(html(client.get(article.get_absolute_url()))) == ""


def test_the_bar_is_on_the_404_page_too_but_not_in_the_admin(client, editor_client):
    breaking_article("خبر عاجل")

    assert "خبر عاجل" in bar_of(html(client.get("/no-such-page/"), 404))
    assert 'class="breaking"' not in html(editor_client.get(reverse("admin:index")))


def test_the_home_page_leads_with_the_newest_breaking_article(client):
    ArticleFactory(title="أحدث خبر", published_at=timezone.now() - hours(0.5))
    breaking_article("خبر عاجل", ago=2)

    page = html(client.get("/"))
    main = page[page.index('<section class="listing"') : page.index('class="asides"')]

    lead = re.search(r'<article class="lead lead--breaking">.*?</article>', main, re.S)
    assert lead is not None and "خبر عاجل" in lead.group(0)
    # Once only in the list: the lead, not again as a card.
    assert main.count("خبر عاجل") == 1
    # The newest story is a card below it, not a second lead.
    assert main.count('<article class="lead') == 1
    assert main.index("خبر عاجل") < main.index("أحدث خبر")


def test_the_second_page_of_the_home_page_has_no_breaking_lead(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    ArticleFactory.create_batch(3)
    breaking_article("خبر عاجل", ago=0.1)

    page = html(client.get("/", {"page": 2}))

    assert "lead--breaking" not in page


def test_the_home_page_with_only_a_breaking_article_is_not_empty(client):
    breaking_article("الخبر الوحيد")

    page = html(client.get("/"))

    assert "lead--breaking" in page
    assert 'class="empty"' not in page


def test_the_bar_costs_one_query_and_none_once_kept(client, settings):
    settings.FRAGMENT_CACHE = True
    breaking_article("خبر عاجل")
    article = ArticleFactory()

    def bar_queries() -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            page = html(client.get(article.get_absolute_url()))
        assert "خبر عاجل" in bar_of(page)
        # The bar's own: the breaking articles, three at most.
        return [
            q["sql"]
            for q in ctx.captured_queries
            if '"breaking_until" >' in q["sql"] and "LIMIT 3" in q["sql"]
        ]

    first = bar_queries()
    assert len(first) == 1
    assert bar_queries() == []


# --- caches end with the breaking time ----------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_marking_breaking_renders_cached_pages_feeds_and_sitemaps_at_once(
    client, settings, editor
):
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    cache.clear()
    story = ArticleFactory(title="خبر يصبح عاجلا")
    other = ArticleFactory(title="خبر آخر")
    urls = ["/", other.get_absolute_url(), "/feed/", "/news-sitemap.xml"]
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url

    breaking.mark(Article.objects.filter(pk=story.pk), by=editor)

    for url in urls:
        assert client.get(url)["X-Cache"] == "miss", url
    assert "خبر يصبح عاجلا" in bar_of(html(client.get("/")))
    assert "خبر يصبح عاجلا" in bar_of(html(client.get(other.get_absolute_url())))
    feed = html(client.get("/feed/"))
    assert f"<category>{gettext('Breaking')}</category>" in feed


@pytest.mark.django_db(transaction=True)
def test_the_bar_and_cached_pages_end_with_the_breaking_time(client, settings, clock):
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    cache.clear()
    ArticleFactory(title="خبر عاجل", breaking_until=clock.now + hours(1))
    page = client.get("/")
    assert "خبر عاجل" in bar_of(html(page))
    assert client.get("/")["X-Cache"] == "hit"
    etag = page["ETag"]
    clock.move(minutes=59)
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304

    # Nothing in the database changed: the time ran out.
    clock.move(minutes=2)
    after = client.get("/", headers={"If-None-Match": etag})

    assert after.status_code == 200
    assert after["X-Cache"] == "miss"
    assert after["ETag"] != etag
    assert bar_of(html(after)) == ""


@pytest.mark.django_db(transaction=True)
def test_the_content_version_ends_with_the_first_breaking_end(settings, clock):
    cache.clear()
    ArticleFactory(breaking_until=clock.now + hours(1))
    ArticleFactory(breaking_until=clock.now + hours(3))
    version = pagecache.content_version()

    clock.move(minutes=59)
    assert pagecache.content_version() == version
    clock.move(minutes=2)
    after_first = pagecache.content_version()
    assert after_first != version
    clock.move(hours=1)
    assert pagecache.content_version() == after_first
    clock.move(hours=1)
    assert pagecache.content_version() != after_first


def test_a_breaking_item_is_so_in_the_feed_only_while_it_lasts(clock):
    article = ArticleFactory(breaking_until=clock.now + hours(1))
    feed = LatestArticlesFeed()
    item = feed.items()[0]

    assert feed.item_categories(item)[0] == gettext("Breaking")
    clock.move(hours=2)
    assert gettext("Breaking") not in feed.item_categories(item)
    assert feed.item_categories(item)[0] == article.section.name


def test_the_demo_has_a_breaking_story_and_a_correction():
    load_demo()
    load_demo()

    assert Article.objects.breaking().count() == 1
    assert Correction.objects.shown().count() == 1
