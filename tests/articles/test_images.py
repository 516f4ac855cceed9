"""Uploaded images: checked by content, stored without metadata, served in sizes.

Every file here is made with Pillow in memory: no binary fixture is committed.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db.models import ProtectedError
from django.template import Context, Template, engines
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from PIL import ImageCms, ImageFile

from articles import images
from articles.forms import ImageForm
from articles.models import Image
from articles.rendering import BODY_SIZES
from tests.factories import ArticleFactory, stored_image
from tests.helpers import encode, marked_picture, upload

pytestmark = pytest.mark.django_db

ORIENTATION = 0x0112
GPS_IFD = 0x8825
RED = (220, 20, 20)
BLUE = (20, 20, 220)


@pytest.fixture(autouse=True)
def _restore_pillow_limit():
    # clean_upload aligns Pillow's global guard with the setting; tests that
    # lower the setting must not leave the guard lowered for other tests.
    limit = PILImage.MAX_IMAGE_PIXELS
    yield
    PILImage.MAX_IMAGE_PIXELS = limit


# Crafted files


def jpeg_with_gps_and_orientation_6() -> bytes:
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6  # stored on its side: turn 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel X"
    gps = exif.get_ifd(GPS_IFD)
    gps.update(
        {
            1: "N",
            2: (33.0, 35.0, 21.5),
            3: "W",
            4: (7.0, 36.0, 13.2),
            27: b"ASCII\x00\x00\x00GPS",  # how the position was found
        }
    )
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Rabat, home</x:xmpmeta>'
    data = encode(
        marked_picture(), exif=exif.tobytes(), xmp=xmp, comment=b"Rabat, home"
    )
    # The crafted file really carries what must go.
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)
    assert b"Exif" in data
    assert b"GPS" in data
    return data


def noisy_jpeg(size: tuple[int, int] = (300, 300)) -> bytes:
    """A photo-like JPEG: noise compresses badly, so half of it is a real loss."""
    return encode(PILImage.effect_noise(size, 64).convert("RGB"), quality=95)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def refusal(data: bytes, name: str = "photo.jpg") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        images.clean_upload(upload(data, name))
    return info.value


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as fp:
        return fp.read()


def open_stored(name: str) -> PILImage.Image:
    return PILImage.open(io.BytesIO(read(name)))


# Checks on upload


def test_stored_copy_has_no_exif_gps_or_comment_and_is_turned_upright():
    image = stored_image(jpeg_with_gps_and_orientation_6())

    data = read(image.file.name)
    stored = PILImage.open(io.BytesIO(data))
    assert stored.format == "JPEG"
    assert len(stored.getexif()) == 0
    assert b"GPS" not in data
    assert b"Exif" not in data
    assert b"PhoneMaker" not in data
    assert b"Rabat" not in data  # neither the comment nor the XMP
    assert b"xmpmeta" not in data
    # 400×200 on its side becomes 200×400, and the model knows it.
    assert stored.size == (200, 400)
    assert (image.width, image.height) == (200, 400)
    # Turned clockwise: the top-left corner is now the top-right one.
    rgb = stored.convert("RGB")
    assert rgb.getpixel((190, 10))[0] > 150
    assert rgb.getpixel((10, 10))[2] > 150


def test_form_strips_metadata_before_anything_is_stored(settings):
    form = ImageForm(
        data={"alt": "صورة"},
        files={"file": upload(jpeg_with_gps_and_orientation_6())},
    )
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["file"].read()
    assert b"GPS" not in cleaned
    assert b"Exif" not in cleaned
    assert not settings.MEDIA_ROOT.exists()


def test_colour_profile_is_kept():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = stored_image(encode(marked_picture(), icc_profile=profile))

    assert open_stored(image.file.name).info["icc_profile"] == profile


def test_png_named_jpg_is_accepted_and_stored_as_png():
    image = stored_image(encode(marked_picture(), "PNG"), name="poster.jpg")

    assert image.file.name.endswith(".png")
    assert open_stored(image.file.name).format == "PNG"


def test_png_keeps_its_transparency():
    picture = PILImage.new("RGBA", (50, 50), (0, 0, 0, 0))
    image = stored_image(encode(picture, "PNG"), name="logo.png")

    assert open_stored(image.file.name).mode == "RGBA"


def test_webp_is_accepted_and_stored_as_webp():
    image = stored_image(encode(marked_picture(), "WEBP"), name="photo.webp")

    assert image.file.name.endswith(".webp")
    assert open_stored(image.file.name).format == "WEBP"


def test_text_file_named_jpg_is_refused():
    error = refusal(b"<?php echo 'not a picture'; ?>\n" * 20)

    assert error.code == "not_an_image"


def test_gif_is_refused_though_pillow_reads_it():
    assert refusal(encode(marked_picture(), "GIF")).code == "not_an_image"


def test_decompression_bomb_is_refused_without_decoding_it(monkeypatch):
    data = png_declaring(20_000, 20_000)
    assert len(data) < 2_000

    def decode(self):
        raise AssertionError("400 million pixels decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    error = refusal(data, name="bomb.png")

    assert error.code == "too_many_pixels"


@pytest.mark.parametrize(
    "size",
    [(40, 30), (100, 100)],
    ids=["past the limit (Pillow warns)", "past twice the limit (Pillow raises)"],
)
def test_too_many_pixels_is_refused(settings, size):
    settings.IMAGES_MAX_PIXELS = 1_000

    error = refusal(encode(marked_picture(size), "PNG"), name="big.png")

    assert error.code == "too_many_pixels"


def test_picture_within_the_pixel_limit_is_accepted(settings):
    settings.IMAGES_MAX_PIXELS = 1_000

    assert images.clean_upload(upload(encode(marked_picture((40, 25)))))


def test_truncated_jpeg_is_refused():
    data = noisy_jpeg()

    assert refusal(data[: len(data) // 2]).code == "damaged"


def test_truncated_png_is_refused():
    data = encode(PILImage.effect_noise((200, 200), 64), "PNG")

    assert refusal(data[: len(data) // 2], name="cut.png").code in {
        "damaged",
        "not_an_image",
    }


def test_upload_over_the_size_limit_is_refused(settings):
    data = noisy_jpeg()
    settings.IMAGES_MAX_UPLOAD_BYTES = len(data) - 1

    error = refusal(data)

    assert error.code == "file_too_large"


def test_saving_a_bad_file_through_the_model_is_refused_too():
    with pytest.raises(ValidationError):
        stored_image(b"not an image at all")
    assert not Image.objects.exists()


# Renditions


def test_renditions_are_webp_at_the_configured_widths():
    image = stored_image(encode(marked_picture((2000, 1000))))

    assert image.make_renditions() == 5

    assert set(image.renditions) == {"480", "800", "1200", "1600", "social"}
    for width in [480, 800, 1200, 1600]:
        name = image.renditions[str(width)]
        assert name == images.rendition_name(image.file.name, width, "webp")
        stored = open_stored(name)
        assert stored.format == "WEBP"
        assert stored.size == (width, width // 2)
    image.refresh_from_db()
    assert "1600" in image.renditions


def test_renditions_are_never_wider_than_the_original():
    image = stored_image(encode(marked_picture((1000, 500))))

    image.make_renditions()

    widths = sorted(int(key) for key in image.renditions if key.isdigit())
    assert widths == [480, 800, 1000]
    assert open_stored(image.renditions["1000"]).size == (1000, 500)


def test_renditions_are_made_once():
    image = stored_image()
    image.make_renditions()
    made = dict(image.renditions)
    files = sorted(default_storage.listdir(image.file.name.rsplit("/", 1)[0])[1])

    assert image.make_renditions() == 0
    image.refresh_from_db()
    assert image.make_renditions() == 0

    assert image.renditions == made
    assert (
        sorted(default_storage.listdir(image.file.name.rsplit("/", 1)[0])[1]) == files
    )


def test_social_card_is_a_1200_by_630_jpeg_cropped_to_fill():
    image = stored_image(encode(marked_picture((1600, 1600))))
    image.make_renditions()

    card = open_stored(image.renditions["social"])

    assert card.format == "JPEG"
    assert card.size == (1200, 630)
    assert image.social_size() == (1200, 630)
    assert image.social_url().endswith(".social.jpg")


def test_small_picture_gets_a_small_card_not_an_enlarged_one():
    image = stored_image(encode(marked_picture((300, 200))))
    image.make_renditions()

    assert open_stored(image.renditions["social"]).size == (300, 158)
    assert sorted(image.renditions) == ["300", "social"]


def test_srcset_lists_every_width_and_src_for_picks_the_narrowest_wide_enough():
    image = stored_image(encode(marked_picture((2000, 1000))))
    image.make_renditions()

    srcset = image.srcset()

    assert [part.rsplit(" ", 1)[1] for part in srcset.split(", ")] == [
        "480w",
        "800w",
        "1200w",
        "1600w",
    ]
    assert image.src_for(700).endswith(".w800.webp")
    assert image.src_for(5000).endswith(".w1600.webp")
    assert image.src.endswith(".w800.webp")


def test_without_renditions_the_original_is_served():
    image = stored_image()

    assert image.srcset() == ""
    assert image.src_for(800) == image.file.url


def test_deleting_an_image_deletes_its_files(django_capture_on_commit_callbacks):
    image = stored_image()
    image.make_renditions()
    names = image.stored_names()
    assert len(names) == 6
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert not any(default_storage.exists(name) for name in names)


def test_featured_image_cannot_be_deleted_and_keeps_its_files(
    django_capture_on_commit_callbacks,
):
    image = stored_image()
    ArticleFactory(featured_image=image)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ProtectedError),
    ):
        image.delete()

    assert default_storage.exists(image.file.name)


def test_replacing_the_picture_removes_the_old_files(
    django_capture_on_commit_callbacks,
):
    image = stored_image()
    image.make_renditions()
    old = image.stored_names()

    with django_capture_on_commit_callbacks(execute=True):
        image.file = upload(encode(marked_picture((900, 600))), "second.jpg")
        image.save()
    image.make_renditions()

    assert not any(default_storage.exists(name) for name in old)
    assert (image.width, image.height) == (900, 600)
    assert sorted(image.renditions) == ["480", "800", "900", "social"]


def test_files_go_through_the_storage_api_only(
    settings, django_capture_on_commit_callbacks
):
    # An in-memory storage stands in for object storage: nothing may reach disk.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    image = stored_image()
    image.make_renditions()
    names = image.stored_names()

    assert all(default_storage.exists(name) for name in names)
    assert not settings.MEDIA_ROOT.exists()
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not any(default_storage.exists(name) for name in names)


# Pages


def test_article_page_shows_the_featured_image_with_srcset_and_dimensions(client):
    image = stored_image(
        encode(marked_picture((2000, 1000))),
        caption="افتتاح الدورة العادية للمجلس",
        credit="MAP",
    )
    image.make_renditions()
    article = ArticleFactory(featured_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'srcset="{image.srcset()}"' in html
    assert 'sizes="(min-width: 48rem) 46rem, 100vw"' in html
    assert 'width="2000" height="1000"' in html
    assert 'alt="رئيس المجلس يلقي كلمته"' in html
    assert 'fetchpriority="high"' in html
    assert "افتتاح الدورة العادية للمجلس" in html
    assert "<bdi>MAP</bdi>" in html


def test_article_page_shares_an_absolute_social_card(client):
    image = stored_image(encode(marked_picture((2000, 1000))))
    image.make_renditions()
    article = ArticleFactory(featured_image=image)

    html = client.get(article.get_absolute_url()).content.decode()

    url = "http://testserver" + image.social_url()
    assert f'<meta property="og:image" content="{url}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_article_without_image_has_no_og_image(client):
    article = ArticleFactory()

    html = client.get(article.get_absolute_url()).content.decode()

    assert "og:image" not in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_picture_include_lazy_loads_by_default():
    image = stored_image()
    image.make_renditions()

    html = (
        engines["jinja2"]
        .from_string(
            '{% from "includes/picture.html" import picture %}'
            '{{ picture(image, sizes="50vw") }}'
        )
        .render({"image": image})
    )

    assert 'loading="lazy"' in html
    assert 'decoding="async"' in html
    assert "fetchpriority" not in html
    assert "<figcaption" not in html


# Images inside the article body


class ImgTags(HTMLParser):
    """The attributes of each <img> in a page or a fragment."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found.append(dict(attrs))


def body_of(page: str) -> str:
    """The article body's HTML in a served page."""
    match = re.search(r'<div class="article__body">(.*?)</div>', page, re.DOTALL)
    assert match, "no article body in the page"
    return match.group(1)


def render_rich_text(body: str) -> str:
    return Template("{% load richtext_tags %}{{ body|rich_text }}").render(
        Context({"body": body})
    )


def test_article_page_gives_each_body_image_of_ours_srcset_and_size(client):
    wide = stored_image(encode(marked_picture((2000, 1000))), alt="قاعة المجلس")
    tall = stored_image(encode(marked_picture((600, 900))), alt="رئيس الجماعة")
    for image in (wide, tall):
        image.make_renditions()
    article = ArticleFactory(
        body=f'<p>نص</p><img src="{wide.src_for(1200)}" alt="الجلسة">'
        f'<p>نص</p><img src="{tall.src_for(1200)}" alt="">'
    )

    response = client.get(reverse("articles:detail", args=[article.pk, article.slug]))

    first, second = ImgTags(body_of(response.content.decode())).found
    assert first["srcset"] == wide.srcset()
    assert (first["width"], first["height"]) == ("2000", "1000")
    assert first["alt"] == "الجلسة"
    assert second["srcset"] == tall.srcset()
    assert (second["width"], second["height"]) == ("600", "900")
    # Left empty by the editor: the image's own alternative text.
    assert second["alt"] == "رئيس الجماعة"
    for img in (first, second):
        assert img["sizes"] == BODY_SIZES
        assert img["loading"] == "lazy"
        assert img["decoding"] == "async"


@pytest.mark.parametrize("address", [480, 1600, "original", "social card"])
def test_any_address_of_our_image_finds_it(address):
    image = stored_image(encode(marked_picture((2000, 1000))))
    image.make_renditions()
    if address == "original":
        src = image.file.url
    elif address == "social card":
        src = image.social_url()
    else:
        src = image.src_for(address)

    (img,) = ImgTags(render_rich_text(f'<img src="{src}" alt="x">')).found

    assert img["src"] == src
    assert img["srcset"] == image.srcset()


def test_pasted_width_and_height_give_way_to_the_pictures_own():
    image = stored_image(encode(marked_picture((2000, 1000))))
    image.make_renditions()
    body = f'<img src="{image.src_for(800)}" alt="x" width="10" height="99">'

    (img,) = ImgTags(render_rich_text(body)).found

    assert (img["width"], img["height"]) == ("2000", "1000")


def test_body_image_alt_with_quotes_and_brackets_is_escaped_again():
    image = stored_image(encode(marked_picture((2000, 1000))))
    image.make_renditions()
    alt = "قاعة &amp; &quot;منصة&quot; &gt; 1"
    body = f'<p>نص</p><img src="{image.src_for(1200)}" alt="{alt}"><p>بعد</p>'

    html = render_rich_text(body)

    assert f'alt="{alt}"' in html
    (img,) = ImgTags(html).found
    assert img["alt"] == 'قاعة & "منصة" > 1'
    assert img["srcset"] == image.srcset()
    assert html.startswith("<p>نص</p><img ")
    assert html.endswith("><p>بعد</p>")


def test_media_image_that_is_no_stored_image_is_left_alone():
    body = '<p>نص</p><img src="/media/old/photo.jpg" alt="صورة قديمة">'

    assert render_rich_text(body) == body


def test_body_without_images_costs_no_query(django_assert_num_queries):
    body = '<p>نص <a href="/media/old/photo.jpg">صورة قديمة</a></p>'

    with django_assert_num_queries(0):
        render_rich_text(body)


def test_all_body_images_cost_one_query(django_assert_num_queries):
    pictures = [stored_image(encode(marked_picture((900, 600)))) for _ in range(3)]
    for image in pictures:
        image.make_renditions()
    body = "".join(
        f'<p>{n}</p><img src="{image.src_for(480)}" alt="">'
        for n, image in enumerate(pictures)
    )

    with django_assert_num_queries(1):
        html = render_rich_text(body)

    assert [img["srcset"] for img in ImgTags(html).found] == [
        image.srcset() for image in pictures
    ]


def test_rendered_body_is_still_sanitised():
    image = stored_image(encode(marked_picture((2000, 1000))))
    image.make_renditions()
    body = f'<img src="{image.src_for(1200)}" alt="x" onerror="alert(1)">'

    html = render_rich_text(body)

    assert "onerror" not in html
    assert "srcset=" in html


# The admin


def test_admin_upload_of_a_text_file_shows_the_error_next_to_the_field(
    editor_client,
):
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"alt": "صورة", "file": upload(b"just some text\n" * 50, "photo.jpg")},
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["file"]
    with translation.override("ar"):
        message = str(images.NOT_AN_IMAGE)
    assert message in response.content.decode()
    assert not Image.objects.exists()


def test_admin_requires_the_alternative_text(editor_client):
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"alt": "  ", "file": upload(encode(marked_picture()))},
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["alt"]
    assert not Image.objects.exists()


def test_admin_upload_stores_a_clean_file_with_renditions(editor_client, editor):
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"alt": "صورة", "file": upload(jpeg_with_gps_and_orientation_6())},
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == editor
    assert b"GPS" not in read(image.file.name)
    assert set(image.renditions) == {"200", "social"}


def test_admin_change_page_offers_the_address_to_paste_into_the_body(editor_client):
    image = stored_image()
    image.make_renditions()

    html = editor_client.get(f"/admin/articles/image/{image.pk}/change/").content
    html = html.decode()

    assert image.src_for(1200) in html
    assert "&lt;img src=" in html


def test_admin_list_shows_a_thumbnail(editor_client):
    image = stored_image()
    image.make_renditions()

    html = editor_client.get("/admin/articles/image/").content.decode()

    assert image.src_for(96) in html


def test_admin_bulk_delete_removes_the_files(
    editor_client, django_capture_on_commit_callbacks
):
    image = stored_image()
    image.make_renditions()
    names = image.stored_names()

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            "/admin/articles/image/",
            {
                "action": "delete_selected",
                "_selected_action": [image.pk],
                "post": "yes",
            },
        )

    assert not Image.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_featured_image_autocomplete_shows_the_alternative_text(editor_client):
    image = stored_image(alt="والي الجهة يدشن المستشفى")

    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "article",
            "field_name": "featured_image",
            "term": "المستشفى",
        },
    )

    assert response.json()["results"] == [
        {"id": str(image.pk), "text": "والي الجهة يدشن المستشفى"}
    ]
