"""The deployment's settings from the environment: object storage, logs,
Sentry, backups, a cache shared with other sites."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import settings_in_new_process, start_with_settings

SHOW = """
import json
import django
from django.conf import settings
django.setup()
import sentry_sdk
print(json.dumps({
    "storage": settings.STORAGES["default"]["BACKEND"],
    "media_url": settings.MEDIA_URL,
    "log_format": settings.LOG_FORMAT,
    "formatter": settings.LOGGING["handlers"]["console"].get("formatter"),
    "sentry": sentry_sdk.get_client().is_active(),
    "backup_dir": str(settings.BACKUP_DIR),
    "cache_prefix": settings.CACHES["default"].get("KEY_PREFIX"),
}))
"""
# Unset for these tests, whatever this machine's environment or .env says.
BLANK = dict.fromkeys(
    (
        "MEDIA_STORAGE",
        "MEDIA_URL",
        "LOG_FORMAT",
        "SENTRY_DSN",
        "BACKUP_DIR",
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_CUSTOM_DOMAIN",
    ),
    "",
)


def start(**variables: str) -> subprocess.CompletedProcess:
    return start_with_settings(SHOW, **(BLANK | variables))


def loaded(**variables: str) -> dict:
    return settings_in_new_process(SHOW, **(BLANK | variables))


def test_defaults_keep_media_local_text_logs_and_no_sentry():
    shown = loaded()

    assert shown["storage"] == "newsroom.storage.MediaStorage"
    assert shown["media_url"] == "/media/"
    assert shown["log_format"] == "text"
    assert shown["formatter"] is None
    assert shown["sentry"] is False
    assert shown["backup_dir"].endswith("var/backups")


def test_s3_media_with_a_custom_domain_is_read_from_https():
    shown = loaded(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_CUSTOM_DOMAIN="media.news.example.ma",
    )

    assert shown["storage"] == "storages.backends.s3.S3Storage"
    assert shown["media_url"] == "https://media.news.example.ma/"


def test_s3_media_without_a_bucket_stops_start_up():
    process = start(MEDIA_STORAGE="s3")

    assert process.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in process.stderr


@pytest.mark.parametrize(
    ("variable", "value"), [("MEDIA_STORAGE", "ftp"), ("LOG_FORMAT", "xml")]
)
def test_an_unknown_choice_stops_start_up_naming_it(variable, value):
    process = start(**{variable: value})

    assert process.returncode != 0
    assert variable in process.stderr


def test_json_logs_and_sentry_are_switched_on_by_the_environment():
    shown = loaded(
        LOG_FORMAT="json",
        SENTRY_DSN="https://public@sentry.example.invalid/1",
        CACHE_KEY_PREFIX="staging",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert shown["formatter"] == "json"
    assert shown["sentry"] is True
    assert shown["cache_prefix"] == "staging"
