"""Time every reader page and count its SQL queries, against the configured database.

Run after `make run` has loaded the demo (or on any database with content):

    .venv/bin/python bench/pages.py [--requests 200]

Prints, per page: SQL queries, median and 95th-percentile time in the Django
stack (test client, no network), and requests per second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("HTTPS", "false")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Official, Section, Tag  # noqa: E402

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"


def pages() -> dict[str, str]:
    article = Article.objects.published().order_by("-view_count").first()
    official = Official.objects.order_by("pk").first()
    if article is None or official is None:
        sys.exit("No content: run `make run` (or `manage.py load_demo`) first.")
    month = timezone.localtime(article.published_at)
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": Section.objects.first().get_absolute_url(),
        "tag": Tag.objects.first().get_absolute_url(),
        "official": official.get_absolute_url(),
        "archive": "/archive/",
        "archive month": f"/archive/{month:%Y}/{month:%m}/",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    # A fresh client per request would count a view each time; one client
    # keeps the reader's visit cookie, like a reader reloading the page.
    client = Client(HTTP_USER_AGENT=BROWSER, HTTP_HOST="127.0.0.1")
    print(f"{'page':<14} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'req/s':>7}")
    for name, url in pages().items():
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        assert status == 200, (url, status)
        # Read now: the next request empties the connection's query log.
        queries = len(ctx.captured_queries)
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{name:<14} {queries:>7} {median:>10.2f} {p95:>8.2f} {1000 / median:>7.0f}"
        )


if __name__ == "__main__":
    main()
