"""Videos in a real browser: nothing is asked of YouTube or Facebook until the
reader clicks play; then the player appears in the poster's box. Without
JavaScript the video is a plain link. The editor's video button writes the
paragraph that readers get as a video.

No test needs the network: the players' addresses are answered by the test
(page.route), and every request the page makes is recorded.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article
from tests.articles.test_video import RECOGNISED, REFUSED
from tests.factories import ArticleFactory, SectionFactory

VIDEO_ID = "aqz-KE-bpKQ"
WATCH = f"https://www.youtube.com/watch?v={VIDEO_ID}"
PLAYER = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?autoplay=1"
TITLE = "كلمة رئيس المجلس في افتتاح الدورة"
FAKE_PLAYER = "<!doctype html><title>player</title><p>player</p>"

WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


# Whether the frame may use every one of these features.
ALLOWED = "(frame, names) => names.every(n => frame.featurePolicy.allowsFeature(n))"


# Whether any origin but ours and the players' may use one of these features.
OTHERS_ALLOWED = """(names) => names.some(
    n => document.featurePolicy.allowsFeature(n, "https://evil.example")
)"""


def box(locator) -> tuple[int, int, int, int]:
    found = locator.bounding_box()
    return tuple(round(found[key]) for key in ("x", "y", "width", "height"))


def hosts(urls: list[str]) -> set[str]:
    return {urlsplit(url).netloc for url in urls}


def video_article(body: str | None = None) -> Article:
    return ArticleFactory(
        title="افتتاح الدورة العادية للمجلس",
        body=body or f'<p>افتتح الرئيس الدورة.</p><p><a href="{WATCH}">{TITLE}</a></p>',
    )


def test_nothing_is_fetched_from_youtube_until_play_is_clicked(
    live_server, browser, artifacts
):
    article = video_article()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_CSP)
    # Any other host is answered here, so the test needs no network.
    context.route(
        lambda url: urlsplit(url).netloc != urlsplit(live_server.url).netloc,
        lambda route: route.fulfill(content_type="text/html", body=FAKE_PLAYER),
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")

    figure = page.locator("figure.video")
    play = figure.locator("button.video__poster")
    # video.js has made the poster a button, with its Arabic label.
    play.wait_for()
    assert TITLE in play.get_attribute("aria-label")
    assert figure.locator("a.video__poster").count() == 0
    assert any(url.endswith("/video.js") for url in requested), requested
    assert hosts(requested) == {urlsplit(live_server.url).netloc}, requested
    # The 16:9 box is there before the player.
    x, y, width, height = box(figure.locator(".video__frame"))
    assert abs(width / height - 16 / 9) < 0.02
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=artifacts / "video-poster.png")

    before = box(figure.locator(".video__frame"))
    play.click()

    frame = figure.locator("iframe.video__player")
    frame.wait_for()
    assert frame.get_attribute("src") == PLAYER
    assert frame.get_attribute("title") == TITLE
    assert frame.get_attribute("allow") == (
        "autoplay; fullscreen; picture-in-picture; encrypted-media"
    )
    assert frame.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert figure.locator(".video__poster").count() == 0
    # The player takes the poster's place: nothing on the page moves.
    assert box(frame) == before == box(figure.locator(".video__frame"))
    page.wait_for_load_state("networkidle")
    assert PLAYER in requested
    assert frame.evaluate("e => e === document.activeElement")
    # The header delegates autoplay and full screen to the player, and to no
    # other origin (Chromium's own view of the Permissions-Policy).
    assert frame.evaluate(ALLOWED, ["autoplay", "fullscreen"]) is True
    assert frame.evaluate(ALLOWED, ["camera"]) is False
    assert page.evaluate(OTHERS_ALLOWED, ["autoplay", "fullscreen"]) is False
    # The CSP lets the player in, and nothing is blocked.
    assert page.evaluate("window.cspViolations") == []
    assert errors == []
    context.close()


def test_facebook_player_loads_on_click_only(live_server, browser):
    address = "https://www.facebook.com/Hespress/videos/1234567890/"
    article = video_article(f'<p><a href="{address}">{address}</a></p>')
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    context.route(
        lambda url: urlsplit(url).netloc != urlsplit(live_server.url).netloc,
        lambda route: route.fulfill(content_type="text/html", body=FAKE_PLAYER),
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert hosts(requested) == {urlsplit(live_server.url).netloc}, requested

    page.locator("button.video__poster").click()

    frame = page.locator("iframe.video__player")
    frame.wait_for()
    src = frame.get_attribute("src")
    assert src.startswith("https://www.facebook.com/plugins/video.php?href=")
    assert "Hespress%2Fvideos%2F1234567890" in src
    page.wait_for_load_state("networkidle")
    assert "www.facebook.com" in hosts(requested)
    assert page.evaluate("window.cspViolations") == []
    context.close()


def test_without_javascript_the_video_is_a_plain_link(live_server, browser):
    article = video_article()
    context = browser.new_context(java_script_enabled=False)
    context.route(
        "https://www.youtube.com/**",
        lambda route: route.fulfill(content_type="text/html", body=FAKE_PLAYER),
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + article.get_absolute_url())

    figure = page.locator("figure.video")
    assert figure.locator("button").count() == 0
    assert figure.locator("iframe").count() == 0
    caption = figure.locator("figcaption a")
    assert caption.inner_text() == TITLE
    assert caption.get_attribute("href") == WATCH
    poster = figure.locator("a.video__poster")
    assert poster.get_attribute("href") == WATCH
    assert hosts(requested) == {urlsplit(live_server.url).netloc}, requested

    # A click goes to the video's own page, as any link does.
    poster.click()
    page.wait_for_url(WATCH)
    context.close()


def log_in_to_add_page(page, live_server) -> None:
    add_url = reverse("admin:articles_article_add")
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={add_url}")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("[type=submit]")
    page.wait_for_url(f"**{add_url}")


def test_editor_video_button_inserts_a_video_paragraph(
    live_server, browser, artifacts, editor
):
    SectionFactory(name="سياسة")
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_to_add_page(page, live_server)

    page.fill("#id_title", "دورة المجلس")
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("سياسة")
    page.locator(".select2-results__option", has_text="سياسة").click()

    area = page.locator(".prose-editor [contenteditable=true]")
    area.wait_for()
    area.click()
    page.keyboard.type("افتتح الرئيس الدورة.")

    button = page.locator(".prose-menubar [data-name=video]")
    # Its tooltip is the admin catalogue's word for it (Arabic once translated).
    label = page.evaluate("gettext('Insert a video (YouTube or Facebook)')")
    assert button.get_attribute("title") == label
    assert button.get_attribute("aria-label") == label
    button.click()

    dialog = page.locator("dialog.prose-editor-dialog")
    address = dialog.locator("[name=address]")
    # An address that only looks like YouTube's is refused, with a message.
    address.fill(f"https://youtube.com.evil.example/watch?v={VIDEO_ID}")
    dialog.locator("[type=submit]").click()
    message = dialog.locator("[role=alert]")
    assert message.is_visible()
    refused = page.evaluate(
        "gettext('This is not the address of a YouTube or Facebook video. Open the "
        "video on YouTube or Facebook and copy the address of its page.')"
    )
    assert message.inner_text() == refused
    assert address.get_attribute("aria-invalid") == "true"
    assert dialog.is_visible()
    page.screenshot(path=artifacts / "editor-video-refused.png")

    address.fill(f"https://youtu.be/{VIDEO_ID}?si=tracking&t=30")
    dialog.locator("[name=title]").fill(TITLE)
    dialog.locator("[type=submit]").click()
    assert dialog.count() == 0
    # The editor keeps typing after the video, not into its link.
    page.keyboard.type("وتلاه نقاش.")

    page.select_option("#id_status", "published")
    assert page.evaluate("window.cspViolations") == []
    page.click("[name=_save]")
    page.wait_for_url(f"**{reverse('admin:articles_article_changelist')}")

    article = Article.objects.get(title="دورة المجلس")
    assert article.body == (
        "<p>افتتح الرئيس الدورة.</p>"
        f'<p><a href="{WATCH}&amp;t=30s">{TITLE}</a></p>'
        "<p>وتلاه نقاش.</p>"
    )
    assert errors == []

    page.goto(live_server.url + article.get_absolute_url())
    figure = page.locator("figure.video")
    assert figure.get_attribute("data-video-player") == (
        f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}?start=30&autoplay=1"
    )
    assert figure.locator("figcaption").inner_text() == TITLE
    context.close()


def test_editor_button_recognises_what_the_server_recognises(
    live_server, browser, editor
):
    context = browser.new_context()
    page = context.new_page()
    log_in_to_add_page(page, live_server)
    area = page.locator(".prose-editor [contenteditable=true]")
    area.wait_for()
    area.click()
    button = page.locator(".prose-menubar [data-name=video]")
    dialog = page.locator("dialog.prose-editor-dialog")

    button.click()
    for address in REFUSED:
        dialog.locator("[name=address]").fill(address)
        dialog.locator("[type=submit]").click()
        assert dialog.locator("[role=alert]").is_visible(), address
    dialog.locator("button[type=button]").click()
    # The dialog leaves the page on its `close` event, a task after the click.
    expect(dialog).to_have_count(0)

    for address, url, _player in RECOGNISED:
        button.click()
        dialog.locator("[name=address]").fill(address)
        dialog.locator("[type=submit]").click()
        expect(dialog, address).to_have_count(0)
        # The link the body will store is the address the server rebuilds.
        assert area.locator("a").last.get_attribute("href") == url, address
    context.close()
