"""Every kind of reader page fits a small phone's screen: nothing makes the page
wider than the screen, which would let it scroll sideways (or a phone zoom it
out), whether a block is laid out at once or only as the reader scrolls to it
(`content-visibility: auto`)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from live.models import LiveCoverage

# A budget Android phone's screen, narrower than the 412 px of bench/phone.py.
PHONE = {
    "viewport": {"width": 360, "height": 780},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# The pages a reader reaches from the home page and an article, by address.
LINKED = {
    "section": r"^/section/[^/]+/$",
    "tag": r"^/tag/[^/]+/$",
    "official": r"^/people/\d+/[^/]+/$",
    "author": r"^/authors/\d+/[^/]+/$",
    "place": r"^/places/\d+/[^/]+/$",
    "event": r"^/events/\d+/[^/]+/$",
}
OVERFLOW = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  width: document.documentElement.clientWidth,
})"""


def fits(page) -> dict:
    """The page's width against the screen's, screen by screen from the top
    down to the bottom, so that every deferred block has been laid out."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, 600):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
        found = page.evaluate(OVERFLOW)
        if found["scrollWidth"] > found["width"]:
            return found
    return found


@pytest.fixture
def reader_pages(live_server, browser, demo_article) -> dict[str, str]:
    """Home, the reference article, search, the archive, corrections and a
    missing page, and the first link to each linked kind of page."""
    pages = {
        "home": "/",
        "article": demo_article.get_absolute_url(),
        "search": "/search/?q=الدار البيضاء",
        "archive": "/archive/",
        "corrections": "/corrections/",
        "not found": "/no-such-page/",
        "live coverage": LiveCoverage.objects.get().article.get_absolute_url(),
    }
    page = browser.new_page()
    for start in ("/", demo_article.get_absolute_url()):
        page.goto(live_server.url + start)
        hrefs = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        for kind, pattern in LINKED.items():
            found = next((h for h in hrefs if re.match(pattern, h)), None)
            if found and kind not in pages:
                pages[kind] = found
    page.close()
    assert set(LINKED) <= set(pages), set(LINKED) - set(pages)
    return {kind: urljoin(live_server.url, path) for kind, path in pages.items()}


def test_no_reader_page_is_wider_than_a_phone(browser, reader_pages):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    too_wide = {}
    for kind, url in reader_pages.items():
        page.goto(url)
        found = fits(page)
        if found["scrollWidth"] > found["width"]:
            too_wide[kind] = found
    context.close()

    assert too_wide == {}
