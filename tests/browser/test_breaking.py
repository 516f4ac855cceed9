"""In a real browser, with the page cache on: an editor marks an article as
breaking news and the bar is on the home page and on another article at once;
an editor adds a correction and it is on the article, the corrections page and
its feed at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.factories import ArticleFactory
from tests.helpers import screenshot_whole_page

STORY = "انقطاع الماء عن أحياء بالدار البيضاء"
OTHER = "المجلس الجماعي يصادق على الميزانية"
NOTE = "صُحّح عدد الأحياء المعنية: خمسة لا ثلاثة."


@pytest.fixture(autouse=True)
def caches_on(settings):
    """Served as in production: pages and fragments kept until content changes."""
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    cache.clear()
    yield
    cache.clear()


def signed_in(browser, live_server, next_url: str):
    """A page of the admin, signed in as the editor fixture."""
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={next_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_marking_breaking_puts_the_bar_on_the_home_page_and_another_article(
    live_server, browser, artifacts, editor
):
    story = ArticleFactory(title=STORY)
    other = ArticleFactory(title=OTHER)
    # A reader without JavaScript: the bar is plain HTML.
    reader = browser.new_context(java_script_enabled=False).new_page()
    for url in ["/", other.get_absolute_url()]:
        reader.goto(live_server.url + url)
        assert reader.locator(".breaking").count() == 0
        # Kept: asked again (outside the browser's own cache), it is a hit.
        assert reader.request.get(live_server.url + url).headers["x-cache"] == "hit"

    changelist = reverse("admin:articles_article_changelist")
    desk = signed_in(browser, live_server, changelist)
    desk.check(f"input[name=_selected_action][value='{story.pk}']")
    desk.select_option("select[name=action]", "mark_breaking")
    desk.click("button[name=index]")
    desk.wait_for_load_state()
    assert desk.locator(".messagelist .success").count() == 1
    assert Article.objects.breaking().get() == story

    reader.goto(live_server.url + "/")
    assert reader.locator("section.breaking a").all_inner_texts() == [STORY]
    # The home page leads with it.
    assert reader.locator(".lead--breaking .lead__title").inner_text() == STORY
    reader.screenshot(path=artifacts / "breaking-home.png")

    reader.goto(live_server.url + other.get_absolute_url())
    bar = reader.locator("section.breaking")
    assert bar.get_attribute("aria-label")
    with reader.expect_navigation():
        bar.get_by_role("link", name=STORY).click()
    assert reader.url == live_server.url + story.get_absolute_url()
    assert reader.locator("h1").inner_text() == STORY


def test_the_bar_is_accessible(live_server, browser):
    ArticleFactory(title=STORY, breaking_until=timezone.now() + timedelta(hours=2))
    page = browser.new_context().new_page()
    page.goto(live_server.url + "/")

    label = page.locator(".breaking__label")
    assert label.evaluate("e => getComputedStyle(e).backgroundColor") == (
        "rgb(179, 0, 27)"
    )
    assert label.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
    # A named landmark, and no contrast or structure finding inside it.
    assert page.locator("section.breaking[aria-label]").count() == 1
    results = Axe().run(page, context=".breaking")
    assert [v["id"] for v in results.response["violations"]] == []


def test_a_correction_shows_on_the_article_the_corrections_page_and_its_feed(
    live_server, browser, artifacts, editor
):
    story = ArticleFactory(title=STORY)
    reader = browser.new_context().new_page()
    for url in [story.get_absolute_url(), "/corrections/", "/corrections/feed/"]:
        reader.goto(live_server.url + url)
        reader.goto(live_server.url + url)
    assert NOTE not in reader.request.get(live_server.url + "/corrections/").text()

    change = reverse("admin:articles_article_change", args=[story.pk])
    desk = signed_in(browser, live_server, change)
    desk.locator("#corrections-group .add-row a").click()
    desk.select_option("#id_corrections-0-kind", "correction")
    desk.fill("#id_corrections-0-text", NOTE)
    desk.click("[name=_save]")
    desk.wait_for_url(f"**{reverse('admin:articles_article_changelist')}")
    assert Correction.objects.get().text == NOTE

    reader.goto(live_server.url + story.get_absolute_url())
    assert NOTE in reader.locator("section.corrections").inner_text()
    assert reader.locator(".updated time").count() == 1
    screenshot_whole_page(reader, artifacts / "correction-article.png")

    reader.goto(live_server.url + "/")
    reader.locator("footer a[href='/corrections/']").click()
    reader.wait_for_url("**/corrections/")
    entry = reader.locator(".correction-entry").first
    assert NOTE in entry.inner_text()
    with reader.expect_navigation():
        entry.get_by_role("link", name=STORY).click()
    assert (
        reader.url
        == f"{live_server.url}{story.get_absolute_url()}#correction-{
            Correction.objects.get().pk
        }"
    )

    feed = reader.request.get(live_server.url + "/corrections/feed/")
    assert feed.headers["x-cache"] == "miss"
    assert NOTE in feed.text()
