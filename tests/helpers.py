"""Helpers shared by the test modules: pages, query counts, admin form data,
background tasks, files."""

from __future__ import annotations

import datetime
import io
import json
import os
import socket
import subprocess
import sys
from io import StringIO
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from PIL import Image as PILImage

from articles.models import Article, Section
from comments.models import Comment
from newsroom.tasks import RetryingWorker

RED = (220, 20, 20)
BLUE = (20, 20, 220)


# --- pages and their queries ----------------------------------------------------------


def html(response, status: int = 200) -> str:
    """The text of a page, checked to have answered with `status`."""
    assert response.status_code == status, response.status_code
    return response.content.decode()


def sql_for(client, url: str, table: str | None = None) -> list[str]:
    """The SQL a successful GET of `url` runs; only what names `table` if given."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        query["sql"]
        for query in ctx.captured_queries
        if table is None or table in query["sql"]
    ]


def queries_for(client, url: str) -> int:
    """How many queries a successful GET of `url` runs."""
    return len(sql_for(client, url))


# --- the article admin ----------------------------------------------------------------


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def article_form(section: Section, **overrides) -> dict:
    """The article admin's form as an editor sends it, without attendees or
    corrections."""
    data = {
        "title": "لقاء تواصلي لرؤساء الجماعات",
        "slug": "",
        "section": section.pk,
        "lede": "",
        "body": "نص الخبر.",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "comments_enabled": "on",
        "attendees-TOTAL_FORMS": "0",
        "attendees-INITIAL_FORMS": "0",
        "attendees-MIN_NUM_FORMS": "0",
        "attendees-MAX_NUM_FORMS": "1000",
        # A published article's form also has its corrections and updates.
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    return data | overrides


def attendee_rows(*rows: dict) -> dict:
    """The attendees inline's rows, to merge into `article_form`."""
    data = {"attendees-TOTAL_FORMS": str(len(rows))}
    for i, row in enumerate(rows):
        defaults = {
            "order": str(i),
            "official": "",
            "name_as_printed": "",
            "role_as_printed": "",
            "participation": "attended",
            "position": "",
        }
        for key, value in (defaults | row).items():
            data[f"attendees-{i}-{key}"] = value
    return data


# --- comments and commands ------------------------------------------------------------


def sent_days_ago(comment: Comment, days: float) -> Comment:
    """`comment`, as if it had been sent `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    comment.refresh_from_db()
    return comment


def load_demo(*args: str, **options) -> str:
    """Run `load_demo` and return what it printed."""
    out = StringIO()
    call_command("load_demo", *args, stdout=out, **options)
    return out.getvalue()


# --- background tasks -----------------------------------------------------------------

# The production queue, for the tests that prove it (the others run tasks at once).
DURABLE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_due_tasks() -> None:
    """Run the stored tasks that are due, as `manage.py run_tasks --batch` does."""
    worker = RetryingWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The worker drops connections it sees outside autocommit, as the test's
    # transaction is: in a test, it shares that transaction instead.
    with mock.patch(f"{db_worker.__name__}.close_old_connections"):
        worker.run()


# --- image files, made in memory ------------------------------------------------------


def marked_picture(size: tuple[int, int] = (400, 200)) -> PILImage.Image:
    """Blue, with a red block in the top-left corner: shows how it was turned."""
    picture = PILImage.new("RGB", size, BLUE)
    picture.paste(RED, (0, 0, size[0] // 4, size[1] // 4))
    return picture


def encode(picture: PILImage.Image, fmt: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def redis_answers() -> bool:
    """Whether the local Redis (127.0.0.1:6379) takes connections."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


# --- settings as start-up reads them -----------------------------------------------


def settings_in_new_process(script: str, **variables: str) -> dict:
    """The JSON `script` prints after loading the site's settings in a new
    process, as `manage.py` does at start-up, with `variables` in its
    environment (and none of pytest's)."""
    process = start_with_settings(script, **variables)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout.strip().splitlines()[-1])


def start_with_settings(script: str, **variables: str) -> subprocess.CompletedProcess:
    """Run `script` in a new process that loads the site's settings."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in variables and not name.startswith("PYTEST")
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "SECRET_KEY": "settings-test-key",
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def screenshot_whole_page(page, path) -> None:
    """A full-page screenshot for people to look at. The blocks below the first
    screen are drawn only as a reader scrolls near them (`content-visibility:
    auto`) and would be blank placeholders in the picture: they are drawn
    first, through each element's style object (which the pages' CSP allows,
    unlike a style sheet added to the page)."""
    page.evaluate(
        """() => {
          for (const element of document.querySelectorAll("*")) {
            if (getComputedStyle(element).contentVisibility === "auto") {
              element.style.contentVisibility = "visible";
            }
          }
        }"""
    )
    page.screenshot(path=path, full_page=True)
