"""Officials' and writers' photos: stored as the article images are, without the
GPS position and the rotation tag a phone writes, and served with a srcset."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from articles import demo_data, demo_photos, images
from articles.models import AuthorProfile, Official
from tests.factories import OfficialFactory, UserFactory
from tests.helpers import encode, html, marked_picture, upload

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
# Drawn on its side, with a position and an orientation tag, as a phone saves it.
PHONE_PHOTO = next(p for p in demo_data.PHOTOS.values() if p.from_phone)


def phone_upload():
    data = demo_photos.draw(PHONE_PHOTO)
    with PILImage.open(upload(data)) as picture:
        assert picture.getexif().get_ifd(GPS_IFD)
        assert picture.getexif()[ORIENTATION] != 1
        assert picture.width < picture.height
    return upload(data, "phone.jpg")


def assert_clean_and_upright(name: str) -> None:
    with default_storage.open(name) as stored, PILImage.open(stored) as picture:
        exif = picture.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert ORIENTATION not in exif
        assert picture.width > picture.height


def test_official_photo_is_stored_without_gps_and_upright():
    official = OfficialFactory(photo=phone_upload())

    assert_clean_and_upright(official.photo.name)


def test_writer_photo_is_stored_without_gps_and_upright():
    profile = AuthorProfile.objects.create(user=UserFactory(), photo=phone_upload())

    assert_clean_and_upright(profile.photo.name)


def test_saving_an_official_again_leaves_the_stored_photo_alone():
    official = OfficialFactory(photo=phone_upload())
    name = official.photo.name

    official.bio = "نائبة برلمانية."
    official.save()

    assert official.photo.name == name
    assert default_storage.listdir(name.rsplit("/", 1)[0])[1] == [
        name.rsplit("/", 1)[1]
    ]


def test_official_page_photo_has_srcset_sizes_and_the_name_as_alt(client):
    official = OfficialFactory(name="نجوى ككوس", photo=phone_upload())

    page = html(client.get(official.get_absolute_url()))

    url, width = official.photo.url, official.photo.width
    assert f'srcset="{url} {width}w" sizes="7rem" alt="نجوى ككوس"' in page


def test_a_photo_the_image_checks_refuse_is_a_form_error_on_the_photo():
    gif = encode(marked_picture(), "GIF")
    official = Official(name="نجوى ككوس", photo=upload(gif, "photo.gif"))

    with pytest.raises(ValidationError) as refused:
        official.full_clean()

    assert list(refused.value.message_dict) == ["photo"]
    assert not Official.objects.exists()


def test_a_cleaned_photo_is_not_encoded_twice_by_the_save(monkeypatch):
    profile = AuthorProfile(user=UserFactory(), photo=phone_upload())
    profile.full_clean()
    calls = []
    monkeypatch.setattr(images, "clean_upload", calls.append)

    profile.save()

    assert calls == []
    assert_clean_and_upright(profile.photo.name)


def test_official_page_without_the_photo_file_shows_no_photo(client):
    official = OfficialFactory(name="نجوى ككوس", photo=phone_upload())
    default_storage.delete(official.photo.name)

    page = html(client.get(official.get_absolute_url()))

    assert "profile__photo" not in page
