"""A real headless Chromium (Debian's package), driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Beside pyproject.toml, ignored by git: screenshots are for people to look at.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "needs Chromium at /usr/bin/chromium (`make test` installs it as root; "
            "otherwise: apt-get install chromium)"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls a
    # test makes between browser steps are plain synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def demo_article(transactional_db):
    """The demo content as `make run` loads it (about 2 s); its reference article,
    which has a photo, officials and comments."""
    from django.contrib.auth.models import Group

    from articles import demo_data
    from articles.models import Article
    from tests.helpers import load_demo

    # The roles' groups come from a migration, and a transactional test empties
    # every table after itself.
    for *_names, group in demo_data.ROLE_USERS:
        Group.objects.get_or_create(name=group)
    load_demo(admin_password="correct-horse-battery-staple")
    return Article.objects.get(title=demo_data.REFERENCE_TITLE)
