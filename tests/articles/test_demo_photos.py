"""The demo's photos (`manage.py load_demo`) and how lists show them.

Each test runs in its own MEDIA_ROOT (tests/conftest.py), so the files on disk
are the ones this load stored.
"""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from articles import demo_data, demo_photos
from articles.models import Article, Image, Writer
from tests.factories import ArticleFactory, stored_image
from tests.helpers import html, load_demo, queries_for

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
PHONE_PHOTO = next(p for p in demo_data.PHOTOS.values() if p.from_phone)


class MediaImgs(HTMLParser):
    """The attributes of each <img> served from /media/, in page order."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str | None]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "img" and (attributes.get("src") or "").startswith("/media/"):
            self.found.append(attributes)


def stored_files(image: Image, media_root: Path) -> list[Path]:
    return [media_root / name for name in image.stored_names()]


def test_every_demo_article_has_a_featured_image_with_renditions_on_disk(settings):
    load_demo()

    published = Article.objects.published().select_related("featured_image")
    assert published.count() >= 10
    for article in published:
        image = article.featured_image
        assert image is not None, article.title
        assert image.alt and image.caption and image.credit
        # Four WebP widths up to the original's, and the social card.
        assert len(image.renditions) == len(image.stored_names()) - 1 >= 2
        assert all(path.is_file() for path in stored_files(image, settings.MEDIA_ROOT))
    assert not Article.objects.filter(featured_image=None).exists()


def test_phone_photo_arrives_sideways_with_a_gps_position():
    # What the demo hands the upload path: the metadata the stored files lack.
    drawn = PILImage.open(io.BytesIO(demo_photos.draw(PHONE_PHOTO)))
    assert drawn.getexif().get_ifd(GPS_IFD)
    assert drawn.width < drawn.height


def test_no_stored_demo_image_file_carries_a_gps_position(settings):
    load_demo()

    files = [
        path
        for image in Image.objects.all()
        for path in stored_files(image, settings.MEDIA_ROOT)
    ]
    assert len(files) >= 5 * len(demo_data.PHOTOS)
    for path in files:
        with PILImage.open(path) as picture:
            assert not picture.getexif().get_ifd(GPS_IFD), path.name


def test_phone_photo_is_stored_upright(settings):
    load_demo()

    image = Image.objects.get(alt=PHONE_PHOTO.alt)
    assert image.width > image.height
    for path in stored_files(image, settings.MEDIA_ROOT):
        with PILImage.open(path) as picture:
            assert picture.width > picture.height, path.name
            assert 0x0112 not in picture.getexif()


def test_loading_the_demo_twice_adds_no_image_and_no_file(settings):
    load_demo()
    images = list(Image.objects.order_by("pk").values())
    files = sorted(settings.MEDIA_ROOT.rglob("*"))

    load_demo()

    assert list(Image.objects.order_by("pk").values()) == images
    assert sorted(settings.MEDIA_ROOT.rglob("*")) == files
    # The live page's photo besides the stories' (live/demo.py).
    assert len(images) == len(demo_data.PHOTOS) + len(demo_data.BODY_PHOTOS) + 1


def test_home_opens_with_the_leading_story_and_its_photo_loaded_first(client):
    load_demo()
    # The demo's breaking story leads; without one, the newest would.
    leading = Article.objects.breaking().first()
    assert leading is not None

    imgs = MediaImgs(html(client.get("/"))).found

    lead, *cards = imgs
    assert lead["alt"] == leading.featured_image.alt
    assert lead["fetchpriority"] == "high"
    assert lead["loading"] == "eager"
    assert cards
    for img in cards:
        assert img["loading"] == "lazy"
        assert "fetchpriority" not in img


def test_every_media_image_on_home_and_an_article_page_is_fully_described(client):
    load_demo()
    article = Article.objects.get(title=demo_data.REFERENCE_TITLE)

    for url in ["/", article.get_absolute_url()]:
        imgs = MediaImgs(html(client.get(url))).found
        assert imgs, url
        for img in imgs:
            for attribute in ["srcset", "sizes", "width", "height", "alt"]:
                assert (img.get(attribute) or "").strip(), (url, attribute, img)
            assert int(img["width"]) > 0 and int(img["height"]) > 0


def test_article_page_photo_loads_first_with_its_caption_and_credit(client):
    load_demo()
    article = Article.objects.get(title=demo_data.REFERENCE_TITLE)

    page = html(client.get(article.get_absolute_url()))

    featured, *inside = MediaImgs(page).found
    assert featured["fetchpriority"] == "high"
    photo = demo_data.PHOTOS[demo_data.REFERENCE_TITLE]
    assert photo.caption in page
    assert photo.credit in page
    # The body's own photo comes after, lazily, with its caption.
    (body_photo,) = inside
    assert body_photo["alt"] == demo_data.BODY_PHOTOS[demo_data.REFERENCE_TITLE].alt
    assert body_photo["loading"] == "lazy"
    assert "fetchpriority" not in body_photo
    assert demo_data.BODY_PHOTOS[demo_data.REFERENCE_TITLE].caption in page


def test_demo_writers_have_bylines_leading_to_their_page_with_a_portrait(client):
    call_command("load_demo", admin_password="demo-pass-1234", verbosity=0)
    article = Article.objects.get(title=demo_data.REFERENCE_TITLE)
    assert article.author.username in demo_data.WRITERS
    page = html(client.get(article.get_absolute_url()))
    writer_url = Writer.url_for(article.author.pk, article.author.get_full_name())
    assert f'href="{writer_url}"' in page

    (portrait,) = [
        img
        for img in MediaImgs(html(client.get(writer_url))).found
        if img.get("class") == "profile__photo"
    ]
    for attribute in ["srcset", "sizes", "width", "height"]:
        assert portrait[attribute]
    assert portrait["alt"] == article.author.get_full_name()
    # Both writers sign stories.
    authors = set(Article.objects.values_list("author__username", flat=True))
    assert authors == set(demo_data.WRITERS)


def test_thumbnails_add_no_query_to_a_list(client):
    ArticleFactory.create_batch(3)
    without = queries_for(client, "/")

    for article in ArticleFactory.create_batch(3):
        image = stored_image()
        image.make_renditions()
        article.featured_image = image
        article.save()

    assert queries_for(client, "/") == without
    assert len(MediaImgs(html(client.get("/"))).found) == 3
