"""The site's settings, with the one value a test run may not lack."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-key-never-used-to-serve-anything")
# The test client and live server speak plain http.
os.environ.setdefault("HTTPS", "false")

from newsroom.settings import *  # noqa: E402, F403

# Serve static files from the apps and static/ directly: no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The live server serves uploads, as the local demo does, so that browser tests
# see the photos; each test's MEDIA_ROOT is its own (tests/conftest.py).
SERVE_MEDIA = True

# Background tasks run in the test's own thread, so their effects can be checked.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Tests measure what a page costs to render: the page cache is on only where a
# test turns it on (tests/test_page_cache.py).
PAGE_CACHE = False
FRAGMENT_CACHE = False

# Runs that share a PostgreSQL server (a developer's and CI's, or two at once)
# each create and drop a test database of their own.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }
