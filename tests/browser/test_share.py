"""The share row in a real browser: nothing is fetched from another host, and
the "copy link" button puts the article's address on the clipboard."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.factories import ArticleFactory


def test_article_page_requests_nothing_from_another_host(live_server, browser):
    article = ArticleFactory(title="لقاء تواصلي بالجهة", slug="لقاء-تواصلي-بالجهة")
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")

    assert page.locator(".share__link--whatsapp").is_visible()
    assert any(url.endswith("/share.js") for url in requested), requested
    here = urlsplit(live_server.url).netloc
    assert {urlsplit(url).netloc for url in requested} == {here}, requested


def test_copy_link_copies_the_canonical_address_and_says_so(live_server, browser):
    article = ArticleFactory(title="لقاء تواصلي بالجهة", slug="لقاء-تواصلي-بالجهة")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url() + "?utm_source=x")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")

    copy = page.locator(".share__copy button")
    copy.click()

    # The words are the page's own ("تم نسخ الرابط" in Arabic, test_share.py).
    copied = page.locator(".share").get_attribute("data-copied")
    page.locator(".share__status", has_text=copied).wait_for()
    assert page.locator(".share__status").inner_text() == copied
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    assert "utm_source" not in canonical
    # "Share…" is offered only where the browser has the Web Share API.
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator(".share__native").is_visible() == has_share
    context.close()


def test_without_javascript_the_links_work_and_the_buttons_stay_hidden(
    live_server, browser
):
    article = ArticleFactory(title="لقاء تواصلي بالجهة")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())

    assert page.locator(".share__link--facebook").is_visible()
    assert page.locator(".share__copy").is_hidden()
    assert page.locator(".share__native").is_hidden()
    context.close()
