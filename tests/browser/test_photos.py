"""The demo's photos as a reader's browser gets them: shown on a desktop and a
phone, fully described, free of GPS positions, and fetched from this site only."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles import demo_data, demo_photos
from articles.models import Article, Image, Official
from tests.helpers import screenshot_whole_page

GPS_IFD = 0x8825
ORIENTATION = 0x0112
ARABIC = re.compile(r"[\u0600-\u06ff]")
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 412, "height": 915}, "is_mobile": True}
PHONE_PHOTO = next(p for p in demo_data.PHOTOS.values() if p.from_phone)

# Every <img> showing an upload, with what the browser needs to pick and place it.
MEDIA_IMGS = """() => [...document.querySelectorAll("img")]
    .filter(img => (img.getAttribute("src") || "").startsWith("/media/"))
    .map(img => ({
        src: img.getAttribute("src"),
        srcset: img.getAttribute("srcset"),
        sizes: img.getAttribute("sizes"),
        width: img.getAttribute("width"),
        height: img.getAttribute("height"),
        alt: img.getAttribute("alt"),
        decorative: img.getAttribute("aria-hidden") === "true"
            || img.getAttribute("role") === "presentation",
    }))"""


def scroll_to_the_end(page) -> None:
    """Scroll down a screen at a time, so that every lazy image is fetched."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                scrollTo(0, y);
                await new Promise(done => setTimeout(done, 50));
            }
            scrollTo(0, document.body.scrollHeight);
        }"""
    )
    page.wait_for_load_state("networkidle")


def official_photographed_by_phone() -> Official:
    """An official in the demo, given a portrait straight from a phone (on its
    side, with a GPS position), as an editor would upload it in the admin."""
    official = Official.objects.get(name=demo_data.MANSOURI)
    official.photo = SimpleUploadedFile(
        "portrait.jpg", demo_photos.draw(PHONE_PHOTO), content_type="image/jpeg"
    )
    official.save()
    return official


def listing_urls(article: Article) -> dict[str, str]:
    """The reader pages that show photos: the article and lists it appears in."""
    written = Article.objects.published().exclude(author=None).first()
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": article.section.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "official": official_photographed_by_phone().get_absolute_url(),
        "author": written.author_url(),
        "search": "/search/?q=" + "الدار البيضاء",
    }


def loaded_photos(page) -> list[dict]:
    """The photos in the page that have arrived and are decoded, with their box."""
    return page.evaluate(
        """() => [...document.querySelectorAll("main img[src^='/media/']")]
            .filter(img => img.complete && img.naturalWidth > 0)
            .map(img => {
                const box = img.getBoundingClientRect();
                return {alt: img.alt, width: box.width, x: box.x, y: box.y};
            })"""
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_home_and_article_show_their_photos(
    live_server, browser, artifacts, demo_article, device
):
    context = browser.new_context(**(DESKTOP if device == "desktop" else PHONE))
    page = context.new_page()
    width = page.viewport_size["width"]

    for name, url in [("home", "/"), ("article", demo_article.get_absolute_url())]:
        page.goto(live_server.url + url)
        scroll_to_the_end(page)
        page.evaluate("scrollTo(0, 0)")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        photos = loaded_photos(page)
        assert photos, (name, device)
        lead = photos[0]
        # The first photo is at the top, on the first screen.
        assert lead["y"] < page.viewport_size["height"], (name, device, lead)
        if name == "article":
            assert lead["alt"] == demo_article.featured_image.alt
        screenshot_whole_page(page, artifacts / f"photos-{name}-{device}.png")
    # Home on a phone is one column: each card takes the width of the screen.
    page.goto(live_server.url + "/")
    cards = page.locator("main .card").evaluate_all(
        "cards => cards.map(card => card.getBoundingClientRect().width)"
    )
    assert len(cards) > 3
    if device == "phone":
        assert all(0.8 * width < card <= width for card in cards), cards
    else:
        assert all(card < 0.8 * width for card in cards), cards
    context.close()


def test_every_media_image_has_srcset_sizes_dimensions_and_arabic_alt(
    live_server, browser, demo_article
):
    page = browser.new_page()
    pages = listing_urls(demo_article)

    for name, url in pages.items():
        assert page.goto(live_server.url + url).status == 200, url
        imgs = page.evaluate(MEDIA_IMGS)

        # Search results are text only (their words highlighted), for now.
        assert imgs or name == "search", name
        for img in imgs:
            for attribute in ["srcset", "sizes", "width", "height"]:
                assert (img[attribute] or "").strip(), (name, attribute, img)
            assert int(img["width"]) > 0 and int(img["height"]) > 0, (name, img)
            # An empty alt only on an image hidden from assistive technology.
            if img["decorative"]:
                assert img["alt"] == "", (name, img)
            else:
                assert ARABIC.search(img["alt"] or ""), (name, img)


def test_no_image_the_browser_fetches_carries_gps_or_a_turn(
    live_server, browser, demo_article
):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    fetched: dict[str, bytes] = {}

    def keep(response) -> None:
        path = urlsplit(response.url).path
        if path.startswith("/media/") and response.ok:
            fetched[unquote(path.removeprefix("/media/"))] = response.body()

    pages = listing_urls(demo_article)
    page.on("response", keep)
    for url in pages.values():
        page.goto(live_server.url + url)
        scroll_to_the_end(page)

    # The photo that arrived from a phone, on its side with a position, is
    # among them: the check below is not about clean files only.
    phone_photo = Image.objects.get(alt=PHONE_PHOTO.alt)
    assert set(fetched) & set(phone_photo.stored_names()), sorted(fetched)
    portrait = Official.objects.get(name=demo_data.MANSOURI).photo.name
    assert portrait in fetched, sorted(fetched)
    assert len(fetched) > len(pages)
    for name, data in fetched.items():
        with PILImage.open(io.BytesIO(data)) as picture:
            exif = picture.getexif()
            assert not exif.get_ifd(GPS_IFD), name
            assert exif.get(ORIENTATION, 1) == 1, name
    context.close()


def test_article_page_asks_no_other_host_until_a_share_link_is_clicked(
    live_server, browser, demo_article
):
    context = browser.new_context(**PHONE)
    here = urlsplit(live_server.url).netloc
    # No network needed: whatever leaves this site is answered with an error.
    context.route(lambda url: urlsplit(url).netloc != here, lambda route: route.abort())
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()

    page.goto(live_server.url + demo_article.get_absolute_url())
    page.wait_for_load_state("load")
    scroll_to_the_end(page)

    assert any("/media/" in url for url in requested), requested
    assert {urlsplit(url).netloc for url in requested} == {here}, requested

    before = len(requested)
    with context.expect_page() as popup:
        page.locator(".share__link--whatsapp").click()
    popup.value.wait_for_event("requestfailed")
    elsewhere = [url for url in requested[before:] if urlsplit(url).netloc != here]
    assert elsewhere, requested[before:]
    assert urlsplit(elsewhere[0]).netloc == "wa.me", elsewhere
    context.close()
