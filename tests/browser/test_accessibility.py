"""The reader pages under axe-core (the engine browsers' own audits use), on the
demo content: no serious or critical violation; focus always visible; the
share buttons named in Arabic."""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe

from articles import demo_data
from articles.models import Official

BLOCKING = {"serious", "critical"}
ARABIC = re.compile(r"[\u0600-\u06ff]")
# WCAG 2.5.3 "label in name": off by default in axe (experimental), but people
# who steer by voice say the words they see.
OPTIONS = {
    "resultTypes": ["violations"],
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}


def blocking_violations(page) -> list[str]:
    """axe's serious and critical findings on the page, one line each; the
    lesser ones are printed for whoever reads the test's output."""
    results = Axe().run(page, options=OPTIONS)
    found = []
    for violation in results.response["violations"]:
        targets = [node["target"] for node in violation["nodes"]]
        line = f"{violation['impact']}: {violation['id']} {targets}"
        if violation["impact"] in BLOCKING:
            found.append(line)
        else:
            print(page.url, line)
    return found


def open_page(browser, url: str, **context):
    page = browser.new_context(**context).new_page()
    response = page.goto(url)
    assert response.status == 200, url
    return page


def test_home_has_no_serious_violation(live_server, browser, demo_article):
    page = open_page(browser, live_server.url + "/")
    assert page.locator("main img[src^='/media/']").count() > 1

    assert blocking_violations(page) == []


def test_article_with_photo_and_comments_has_no_serious_violation(
    live_server, browser, demo_article
):
    page = open_page(browser, live_server.url + demo_article.get_absolute_url())
    assert page.locator(".article__picture img").is_visible()
    assert page.locator(".comment").count() > 1

    assert blocking_violations(page) == []


def test_official_page_has_no_serious_violation(live_server, browser, demo_article):
    official = Official.objects.get(name=demo_data.MANSOURI)
    page = open_page(browser, live_server.url + official.get_absolute_url())
    assert page.locator("main .appearance").count() > 0

    assert blocking_violations(page) == []


def test_search_results_have_no_serious_violation(live_server, browser, demo_article):
    page = open_page(browser, live_server.url + "/search/?q=الدار البيضاء")
    assert page.locator("main .card").count() > 1

    assert blocking_violations(page) == []


def test_reply_form_with_its_errors_has_no_serious_violation(
    live_server, browser, demo_article
):
    page = open_page(browser, live_server.url + demo_article.get_absolute_url())
    page.click("#commentform button[type=submit]")
    page.wait_for_load_state()
    errors = page.locator("#commentform-errors")
    errors.wait_for()
    assert page.locator(".field-error").count() >= 2

    assert blocking_violations(page) == []


def test_phone_home_and_article_have_no_serious_violation(
    live_server, browser, demo_article
):
    phone = {"viewport": {"width": 412, "height": 915}, "is_mobile": True}
    for url in ["/", demo_article.get_absolute_url()]:
        page = open_page(browser, live_server.url + url, **phone)

        assert blocking_violations(page) == [], url


def test_every_image_has_arabic_alt_or_is_hidden_as_decorative(
    live_server, browser, demo_article
):
    page = browser.new_page()
    official = Official.objects.get(name=demo_data.MANSOURI)
    urls = ["/", demo_article.get_absolute_url(), official.get_absolute_url()]
    urls += [demo_article.section.get_absolute_url(), "/search/?q=الدار البيضاء"]
    seen = 0

    for url in urls:
        page.goto(live_server.url + url)
        imgs = page.locator("img").evaluate_all(
            """imgs => imgs.map(img => ({
                src: img.getAttribute("src"),
                alt: img.getAttribute("alt"),
                hidden: img.getAttribute("aria-hidden") === "true",
            }))"""
        )
        seen += len(imgs)
        for img in imgs:
            assert img["alt"] is not None, (url, img)
            # Empty only on what is not content (the view counter's pixel),
            # which is then hidden from screen readers altogether.
            if img["hidden"]:
                assert img["alt"] == "", (url, img)
            else:
                assert ARABIC.search(img["alt"]), (url, img)
    assert seen > len(urls)


FOCUSABLE = {
    "the skip link": ".skip-link",
    "a section in the menu": ".site-nav a",
    "the search field": "#site-search-q",
    "the search button": ".site-search__button",
    "a related article": ".related__title",
    "a share link": ".share__link--whatsapp",
    "the copy button": ".share__copy button",
    "a comment's reply link": ".comment__reply-link",
    "the comment box": "#id_body",
    "the consent box": "#id_consent",
    "the post button": "#commentform button[type=submit]",
    "a footer link": ".site-footer a",
}


def focus_ring(page, selector: str) -> dict:
    """How the element looks when reached with the keyboard."""
    page.locator(selector).first.focus()
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                focusVisible: element.matches(":focus-visible"),
                style: style.outlineStyle,
                width: parseFloat(style.outlineWidth),
                color: style.outlineColor,
            };
        }"""
    )


def test_keyboard_focus_is_visible_on_links_buttons_and_fields(
    live_server, browser, demo_article
):
    context = browser.new_context(permissions=["clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + demo_article.get_absolute_url())
    # A key press first: focus that follows the keyboard shows its ring.
    page.keyboard.press("Tab")

    for name, selector in FOCUSABLE.items():
        ring = focus_ring(page, selector)

        assert ring["focusVisible"], name
        assert ring["style"] not in {"none", "hidden"}, (name, ring)
        assert ring["width"] >= 2, (name, ring)
        assert ring["color"] not in {"transparent", "rgba(0, 0, 0, 0)"}, (name, ring)


def test_share_buttons_have_arabic_names_that_include_their_words(
    live_server, browser, demo_article
):
    context = browser.new_context(permissions=["clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + demo_article.get_absolute_url())
    controls = page.locator(".share__link:visible")
    assert controls.count() >= 6

    for i in range(controls.count()):
        control = controls.nth(i)
        name = control.evaluate(
            "element => element.getAttribute('aria-label') || element.textContent"
        )
        words = control.inner_text().strip()

        assert ARABIC.search(name), name
        # What the button says is part of its name (for voice control).
        assert words and words in name, (words, name)
