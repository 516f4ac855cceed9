"""Settings from the environment, read as `manage.py` reads them at start-up: an
empty variable means "not set", a malformed one stops start-up and names itself."""

from __future__ import annotations

import subprocess

import pytest

from tests.helpers import settings_in_new_process, start_with_settings

SHOW_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "debug": settings.DEBUG,
    "login_failure_limit": settings.LOGIN_FAILURE_LIMIT,
    "site_url": settings.SITE_URL,
}))
"""


def start(**variables: str) -> subprocess.CompletedProcess:
    return start_with_settings(SHOW_SETTINGS, **variables)


def loaded(**variables: str) -> dict:
    return settings_in_new_process(SHOW_SETTINGS, **variables)


def test_empty_database_url_means_the_default_database():
    assert loaded(DATABASE_URL="")["engine"] == "django.db.backends.sqlite3"


def test_empty_redis_url_means_the_cache_without_redis():
    assert loaded(REDIS_URL="")["cache"].endswith("FileBasedCache")


@pytest.mark.parametrize(
    ("variable", "setting", "default"),
    [
        ("CONN_MAX_AGE", "conn_max_age", 60),
        ("DEBUG", "debug", False),
        ("LOGIN_FAILURE_LIMIT", "login_failure_limit", 5),
        ("SITE_URL", "site_url", "http://127.0.0.1:8000"),
    ],
)
def test_any_empty_variable_takes_its_default(variable, setting, default):
    # PostgreSQL: on SQLite the connection age is always 0.
    shown = loaded(
        DATABASE_URL="postgres://newsroom@127.0.0.1/newsroom", **{variable: "  "}
    )

    assert shown[setting] == default


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CONN_MAX_AGE", "abc"),
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mongodb://127.0.0.1/newsroom"),
        ("DATABASE_URL", "postgres://newsroom@127.0.0.1:port/newsroom"),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("IMAGE_WIDTHS", "480,wide"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(variable, value):
    process = start(**{variable: value})

    assert process.returncode != 0
    last_line = process.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured")
    assert variable in last_line
