"""The article page as a reader's browser lays it out: right to left, in Arabic."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from tests.factories import ArticleFactory, AttendeeFactory, OfficialFactory
from tests.helpers import screenshot_whole_page

# Where the title's text ends and where its line box ends, in CSS pixels.
TITLE_BOXES = """
(h1) => {
    const range = document.createRange();
    range.selectNodeContents(h1);
    const text = range.getBoundingClientRect();
    const box = h1.getBoundingClientRect();
    const style = getComputedStyle(h1);
    return {
        textLeft: text.left,
        textRight: text.right,
        contentLeft: box.left + parseFloat(style.paddingLeft),
        contentRight: box.right - parseFloat(style.paddingRight),
        viewport: document.documentElement.clientWidth,
    };
}
"""


def test_article_page_is_laid_out_right_to_left(live_server, browser, artifacts):
    article = ArticleFactory(
        title="لقاء تواصلي بالجهة",
        body="افتتح اللقاء بكلمة ترحيبية.\n\nوتلاه نقاش مع الحاضرين.",
    )
    for name in ("عبد الله الإدريسي", "فاطمة الزهراء العلوي"):
        AttendeeFactory(article=article, official=OfficialFactory(name=name))
    screenshot = artifacts / "article-page.png"
    screenshot.unlink(missing_ok=True)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + article.get_absolute_url())

    root = page.locator("html")
    assert root.evaluate("e => e.dir") == "rtl"
    assert root.evaluate("e => e.lang") == "ar"

    body = page.locator(".article__body").first
    assert body.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert "افتتح اللقاء" in body.inner_text()

    title = page.locator("h1")
    assert title.inner_text() == "لقاء تواصلي بالجهة"
    boxes = title.evaluate(TITLE_BOXES)
    # A one-line title starts at the right edge of its box and leaves the
    # gap on the left, on the right-hand side of the window.
    assert abs(boxes["textRight"] - boxes["contentRight"]) <= 2, boxes
    assert boxes["textLeft"] - boxes["contentLeft"] > 50, boxes
    assert boxes["textRight"] > boxes["viewport"] / 2, boxes

    attendees = page.locator(".attendees")
    assert attendees.is_visible()
    assert "عبد الله الإدريسي" in attendees.inner_text()
    assert "فاطمة الزهراء العلوي" in attendees.inner_text()

    screenshot_whole_page(page, screenshot)

    assert screenshot.stat().st_size > 0


def test_list_dates_say_how_long_ago_for_the_last_day(live_server, browser):
    now = timezone.now()
    ArticleFactory(title="خبر الساعة", published_at=now - timedelta(minutes=5))
    ArticleFactory(title="خبر الصباح", published_at=now - timedelta(hours=2, minutes=5))
    ArticleFactory(title="خبر قديم", published_at=now - timedelta(days=3))
    page = browser.new_page()
    page.goto(live_server.url + "/")

    dates = page.locator("time[data-since]").all_inner_texts()

    assert dates[:2] == ["منذ 5 دقائق", "منذ ساعتين"]
    # Older than a day: the date itself, as the server wrote it.
    assert re.fullmatch(r"\d{1,2} \S+ \d{4}", dates[2])
    context = browser.new_context(java_script_enabled=False)
    without = context.new_page()
    without.goto(live_server.url + "/")
    assert all(
        re.fullmatch(r"\d{1,2} \S+ \d{4}", text)
        for text in without.locator("time[data-since]").all_inner_texts()
    )
    context.close()
