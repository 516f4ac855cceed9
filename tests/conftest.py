from __future__ import annotations

import jinja2
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.signals import template_rendered


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_seen_by_the_test_client():
    """The reader pages' Jinja2 templates, recorded by the test client as Django
    records its own: `response.templates` and `response.context`."""
    render = jinja2.Template.render

    def recorded_render(self, *args, **kwargs):
        template_rendered.send(
            sender=self, template=self, context=dict(*args, **kwargs)
        )
        return render(self, *args, **kwargs)

    jinja2.Template.render = recorded_render
    yield
    jinja2.Template.render = render


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Plain static storage: tests run without `collectstatic`.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    # Local memory outlives a test: no page, limit or version leaks into the next.
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    yield
    # A live server's request thread can still hold a connection (a browser's
    # keep-alive socket) when the session ends; PostgreSQL would then refuse to
    # drop the test database.
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def reader_client(client):
    """A client that looks like a reader's browser (bots are not counted)."""
    client.defaults["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile"
    )
    return client


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "correct-horse-battery"
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)
