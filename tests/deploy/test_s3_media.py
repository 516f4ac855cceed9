"""Media on S3-compatible object storage (MEDIA_STORAGE=s3): moto's S3 server,
run here, stands in for the bucket every app server shares."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from unittest import mock

import boto3
import pytest
from django.conf import settings
from PIL import Image as PILImage
from storages.backends.s3 import S3Storage

from tests.deploy import servers
from tests.factories import ArticleFactory, stored_image
from tests.helpers import encode, marked_picture, settings_in_new_process

BUCKET = "newsroom-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}

SHOW_STORAGE = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps(
    {"storage": settings.STORAGES["default"], "media_url": settings.MEDIA_URL}
))
"""


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = servers.free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    try:
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        client.create_bucket(Bucket=BUCKET)
        # As the README says to set it up: anyone may read, only the site writes.
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
        yield endpoint
    finally:
        server.stop()


def s3_settings(endpoint: str) -> dict:
    """STORAGES["default"] and MEDIA_URL as the site's settings make them
    from the environment (newsroom/settings.py), read in a new process."""
    environment = servers.site_environment("unused", settings.BASE_DIR, "unused")
    return settings_in_new_process(
        SHOW_STORAGE,
        **environment
        | {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
        },
    )


@pytest.fixture
def s3_media(settings, s3_endpoint):
    configured = s3_settings(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": configured["storage"]}
    settings.MEDIA_URL = configured["media_url"]
    return s3_endpoint


def photo_article():
    image = stored_image(encode(marked_picture((1700, 900))))
    image.make_renditions()
    return ArticleFactory(featured_image=image), image


def test_settings_choose_s3_with_plain_public_addresses(s3_endpoint):
    configured = s3_settings(s3_endpoint)

    assert configured["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = configured["storage"]["OPTIONS"]
    # No signature in the address: a page is the same bytes for every reader.
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    assert configured["media_url"] == f"{s3_endpoint}/{BUCKET}/"


@pytest.mark.django_db
def test_an_articles_photos_are_stored_in_the_bucket_and_served_from_it(
    s3_media, reader_client
):
    article, image = photo_article()

    page = reader_client.get(article.get_absolute_url()).content.decode()

    addresses = set(re.findall(rf"{re.escape(s3_media)}/{BUCKET}/[^\s\"',]+", page))
    # The srcset's widths and the social card, from the bucket.
    expected = {image.file.storage.url(name) for name in image.renditions.values()}
    assert expected <= addresses
    assert len(expected) == 5
    for address in addresses:
        with urllib.request.urlopen(address, timeout=10) as response:
            assert response.status == 200
            assert response.headers["Cache-Control"].startswith("public, max-age=")
            PILImage.open(io.BytesIO(response.read())).verify()
    # Nothing was written to this machine's media folder.
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.iterdir()))


@pytest.mark.django_db
def test_renditions_are_made_once_and_pages_ask_the_bucket_nothing(
    s3_media, reader_client
):
    article, image = photo_article()
    refused = mock.Mock(side_effect=AssertionError("the page asked the bucket"))

    with (
        mock.patch.object(S3Storage, "exists", refused),
        mock.patch.object(S3Storage, "_open", refused),
        mock.patch.object(S3Storage, "_save", refused),
        mock.patch.object(S3Storage, "size", refused),
    ):
        response = reader_client.get(article.get_absolute_url())
        made_again = image.make_renditions()

    assert response.status_code == 200
    assert made_again == 0
    refused.assert_not_called()
