"""A live page in a real browser: new updates appear within a poll without a
reload (or under a "New updates" button while the reader is further down),
and after a reload without JavaScript; the badge goes when the coverage ends;
the desk's quick form on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.helpers import screenshot_whole_page
from tests.live.factories import LiveCoverageFactory, LiveUpdateFactory

# Every Content Security Policy violation on the page, as the browser reports it.
WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture(autouse=True)
def _quick_polls(settings):
    # Readers ask every 30 seconds; the tests every 2, to finish sooner.
    settings.LIVE_POLL_SECONDS = 2


def test_a_new_update_appears_without_a_reload(live_server, browser, artifacts):
    coverage = LiveCoverageFactory()
    first = LiveUpdateFactory(
        coverage=coverage,
        published_at=timezone.now() - datetime.timedelta(minutes=5),
        body="<p>افتتاح الجلسة.</p>",
    )
    context = browser.new_context(viewport={"width": 412, "height": 915})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + coverage.article.get_absolute_url())
    assert page.locator("[data-live-badge]").is_visible()
    # The script writes how long ago, in place of the date, for recent updates.
    ago = page.locator(f"#update-{first.pk} .live-update__ago")
    ago.wait_for()
    assert ago.inner_text().strip()
    assert page.locator(f"#update-{first.pk} .live-update__date").is_hidden()

    new = LiveUpdateFactory(coverage=coverage, body="<p>بدأ التصويت على الميزانية.</p>")

    page.locator(f"#update-{new.pk}").wait_for(timeout=60_000)
    assert page.locator(".live-update").first.get_attribute("id") == f"update-{new.pk}"
    assert "بدأ التصويت على الميزانية." in page.locator(".live__updates").inner_text()
    assert page.locator(".live__notice").is_hidden()
    screenshot_whole_page(page, artifacts / "live-page.png")
    assert errors == []
    assert page.evaluate("window.cspViolations") == []
    context.close()


def test_further_down_the_page_a_notice_says_new_updates_came(live_server, browser):
    coverage = LiveCoverageFactory()
    for n in range(12):
        LiveUpdateFactory(
            coverage=coverage,
            published_at=timezone.now() - datetime.timedelta(minutes=40 - n),
            body="<p>" + "فقرة طويلة من تحديث سابق. " * 30 + "</p>",
        )
    page = browser.new_page(viewport={"width": 412, "height": 915})
    page.goto(live_server.url + coverage.article.get_absolute_url())
    last = page.locator(".live-update").last
    last.scroll_into_view_if_needed()
    top_before = page.evaluate("window.scrollY")

    new = LiveUpdateFactory(coverage=coverage, body="<p>خبر عاجل من القاعة.</p>")

    notice = page.locator(".live__notice")
    notice.wait_for(state="visible", timeout=60_000)
    # Nothing moved under the reader's eyes.
    assert page.locator(f"#update-{new.pk}").count() == 0
    assert page.evaluate("window.scrollY") == top_before

    notice.click()

    page.locator(f"#update-{new.pk}").wait_for()
    assert notice.is_hidden()
    assert page.evaluate("window.scrollY") < top_before


def test_without_javascript_a_reload_shows_the_new_update(live_server, browser):
    coverage = LiveUpdateFactory(body="<p>افتتاح الجلسة.</p>").coverage
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    url = live_server.url + coverage.article.get_absolute_url()
    page.goto(url)
    assert page.locator(".live-update").count() == 1

    new = LiveUpdateFactory(coverage=coverage, body="<p>رفع الجلسة.</p>")
    page.reload()

    assert page.locator(".live-update").count() == 2
    assert page.locator(".live-update").first.get_attribute("id") == f"update-{new.pk}"
    # The date stays: no script writes "minutes ago" in its place.
    assert page.locator(".live-update__date").first.is_visible()
    context.close()


def test_the_badge_goes_when_the_editor_ends_the_coverage(live_server, browser):
    coverage = LiveUpdateFactory().coverage
    page = browser.new_page()
    page.goto(live_server.url + coverage.article.get_absolute_url())
    assert page.locator("[data-live-badge]").is_visible()

    coverage.end()

    page.locator(".live__ended").wait_for(timeout=60_000)
    assert page.locator("[data-live-badge]").count() == 0


def test_the_quick_form_works_on_a_phone(live_server, browser, artifacts, editor):
    coverage = LiveCoverageFactory()
    desk = reverse("admin:live_livecoverage_desk", args=[coverage.pk])
    context = browser.new_context(
        viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True
    )
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={desk}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("[type=submit]")
    page.wait_for_url(f"**{desk}")

    area = page.locator(".prose-editor [contenteditable=true]")
    area.wait_for()
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 412
    page.fill("#id_title", "نتيجة التصويت")
    area.click()
    page.keyboard.type("صادق المجلس على الميزانية بالأغلبية.")
    page.check("#id_key_event")
    page.screenshot(path=artifacts / "live-desk-phone.png", full_page=True)
    page.locator(".live-desk__form [type=submit]").click()
    page.wait_for_url(f"**{desk}")

    update = coverage.updates.get()
    assert update.key_event
    assert "صادق المجلس على الميزانية بالأغلبية." in update.body
    assert page.locator(f"#desk-update-{update.pk}").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 412

    page.locator(f"#desk-update-{update.pk} button[value=withdraw]").click()
    page.wait_for_url(f"**{desk}")
    update.refresh_from_db()
    assert update.withdrawn
    assert page.evaluate("window.cspViolations") == []
    context.close()
