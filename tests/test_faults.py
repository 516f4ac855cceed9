"""Faults degrade, never fail: a cache that does not answer, a database down or
locked, a media disk full or read-only, a mail server that refuses.

Each fault is the real thing: a closed port for Redis, the database or SMTP, a
tiny SMTP server that answers 554, a tmpfs mounted full or read-only, a row
lock held by another connection.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import email
import os
import random
import re
import socket
import socketserver
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.tasks import TaskResultStatus
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from articles import images
from articles.models import Image, Official
from comments import posting
from comments.models import Comment
from newsroom import limits, tasks
from newsroom.models import RateLimit
from tests.comments.conftest import old_stamp
from tests.factories import ArticleFactory
from tests.helpers import DURABLE_TASKS, encode, marked_picture, run_due_tasks, upload

pytestmark = pytest.mark.django_db

TOO_QUICK = (
    "You are commenting too quickly. Please wait a few seconds and send your "
    "comment again."
)
BUSY = (
    "The site is busy and could not save your comment. Please send it again in "
    "a moment."
)
OUTAGE_TITLE = "The site is unavailable for a moment"
# Already in the catalogue: the outage page reads in Arabic from the start.
OUR_SIDE = "الخطأ من جهتنا. يُرجى المحاولة بعد دقائق."


def arabic(msgid: str) -> str:
    with translation.override("ar"):
        return gettext(msgid)


def closed_port() -> int:
    """A local port nothing listens on: connections to it are refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def article():
    return ArticleFactory(title="دورة استثنائية لمجلس الجهة")


def comment_data(**fields) -> dict:
    """A reader's valid comment form, served a minute ago."""
    return {
        "name": "سعاد العلوي",
        "email": "souad@example.ma",
        "url": "",
        "body": "شكرا على هذا الخبر المفيد.",
        "served": old_stamp(),
        "homepage": "",
        "parent": "",
        "consent": "on",
    } | fields


def post_comment(client: Client, article, **fields):
    return client.post(
        reverse("comments:post", args=[article.pk]), comment_data(**fields)
    )


def submission(article, **fields) -> posting.Submission:
    values = {
        "name": "سعاد",
        "email": "souad@example.ma",
        "url": "",
        "body": "تعليق مفيد",
        "ip": "198.51.100.7",
    } | fields
    return posting.Submission(article=article, **values)


# --- the flood limit, in the database ----------------------------------------------


def test_a_rolled_back_post_takes_no_turn_and_the_retry_is_stored(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    # The comment was written, then the request failed after it: rolled back.
    with pytest.raises(RuntimeError), transaction.atomic():
        posting.post_comment(submission(article))
        raise RuntimeError("the request failed after the INSERT")
    assert not Comment.objects.exists()
    assert not RateLimit.objects.exists()

    posting.post_comment(submission(article, body="تعليق مفيد، مصحح"))

    assert Comment.objects.count() == 1


def test_a_duplicate_takes_no_turn_and_the_corrected_retry_is_stored(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    # A comment already stored, from before the window: its turn has passed.
    posting.post_comment(submission(article))
    RateLimit.objects.update(until=timezone.now())

    with pytest.raises(posting.CommentRefused) as refused:
        posting.post_comment(submission(article))
    assert refused.value.status == 409
    posting.post_comment(submission(article, body="تعليق آخر مختلف"))

    assert Comment.objects.count() == 2


def test_the_flood_limit_refuses_a_second_quick_post_with_429(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    assert post_comment(Client(), article).status_code == 302
    response = post_comment(Client(), article, body="تعليق ثان سريع")
    assert response.status_code == 429
    assert escape(arabic(TOO_QUICK)) in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_key_whose_time_has_passed_is_written_in_place(article, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    posting.post_comment(submission(article))
    rows = set(RateLimit.objects.values_list("key", flat=True))
    assert len(rows) == 2  # the address and the IP, hashed
    assert not any("souad" in key or "198.51" in key for key in rows)

    RateLimit.objects.update(until=timezone.now() - datetime.timedelta(seconds=1))
    posting.post_comment(submission(article, body="بعد انقضاء المهلة"))

    assert set(RateLimit.objects.values_list("key", flat=True)) == rows
    assert RateLimit.objects.filter(until__gt=timezone.now()).count() == 2


def test_the_flood_limit_costs_one_query_whatever_the_table_holds(article, settings):
    def queries(email: str, ip: str) -> list[str]:
        """The statements of one post, without the transaction's savepoints."""
        with CaptureQueriesContext(connection) as ctx:
            posting.post_comment(submission(article, email=email, ip=ip, body=email))
        return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]

    settings.COMMENTS_FLOOD_SECONDS = 0
    without = queries("a@example.ma", "10.0.0.1")
    settings.COMMENTS_FLOOD_SECONDS = 15
    empty_table = queries("b@example.ma", "10.0.0.2")
    later = timezone.now() + datetime.timedelta(seconds=15)
    RateLimit.objects.bulk_create(
        RateLimit(key=limits.key("bench", str(n)), until=later) for n in range(2000)
    )
    full_table = queries("c@example.ma", "10.0.0.3")

    # The duplicate check, the limit (one upsert for the address and the IP),
    # the INSERT: three, however many keys the table holds.
    assert len(without) == 2
    assert len(empty_table) == len(full_table) == 3
    assert RateLimit._meta.db_table in empty_table[1]
    assert empty_table[1].startswith("INSERT")


def test_expired_limits_are_deleted_by_the_retention_job(article, settings):
    now = timezone.now()
    RateLimit.objects.bulk_create(
        [
            RateLimit(key="past", until=now - datetime.timedelta(seconds=1)),
            RateLimit(key="future", until=now + datetime.timedelta(seconds=15)),
        ]
    )
    call_command("comments_forget_network_data", stdout=StringIO())
    assert list(RateLimit.objects.values_list("key", flat=True)) == ["future"]


@pytest.mark.django_db(transaction=True)  # autocommit, as outside any atomic block
def test_a_limit_is_taken_only_inside_a_transaction():
    # Outside one, a turn taken could not be given back when the action fails.
    with pytest.raises(transaction.TransactionManagementError):
        limits.take([limits.key("comments", "ip", "198.51.100.7")], 15)
    assert not RateLimit.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_quick_posts_from_one_ip_on_two_workers_store_one(settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    article = ArticleFactory()
    barrier = threading.Barrier(2)

    def send(n: int) -> int:
        try:
            barrier.wait(timeout=30)
            return post_comment(
                Client(REMOTE_ADDR="198.51.100.9"),
                article,
                email=f"reader{n}@example.ma",
                body=f"تعليق رقم {n}",
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(send, range(2)))

    assert statuses == [302, 429]
    assert Comment.objects.filter(article=article).count() == 1


# --- Redis down ----------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache settings, with Redis on a port nothing listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.PAGE_CACHE = True
    settings.FRAGMENT_CACHE = True
    return settings


def test_with_redis_down_pages_serve_comments_post_and_the_limit_holds(
    redis_down, article
):
    redis_down.COMMENTS_FLOOD_SECONDS = 15
    reader = Client()
    assert reader.get("/").status_code == 200
    assert reader.get(article.get_absolute_url()).status_code == 200

    assert post_comment(reader, article).status_code == 302
    again = post_comment(reader, article, body="تعليق ثان بعد ثانية")

    assert again.status_code == 429
    assert escape(arabic(TOO_QUICK)) in again.content.decode()
    assert Comment.objects.count() == 1


# --- the database down or locked ----------------------------------------------------


@contextlib.contextmanager
def database_down():
    """This thread's default connection replaced by one to a database that does
    not answer: a closed port (PostgreSQL), a file that cannot be opened (SQLite)."""
    working = connections["default"]
    settings_dict = copy.deepcopy(working.settings_dict)
    if working.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-folder/newsroom.sqlite3"
    else:
        settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", closed_port()
    broken = type(working)(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        connections["default"] = working
        broken.close()


def test_database_down_gives_an_arabic_503_with_retry_after(article):
    with database_down():
        response = Client().get(article.get_absolute_url())

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert OUR_SIDE in page
    assert escape(arabic(OUTAGE_TITLE)) in page


def test_a_cached_page_is_served_while_the_database_is_down(settings, article):
    settings.PAGE_CACHE = True
    url = article.get_absolute_url()
    first = Client().get(url)
    assert first.status_code == 200

    with database_down():
        response = Client().get(url)

    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert response.content == first.content


def test_after_an_edit_the_kept_copy_stands_in_while_the_database_is_down(
    settings, article, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    url = article.get_absolute_url()
    first = Client().get(url)
    # An edit drops the content version: the next request must make a new one,
    # which asks the database when the next scheduled article goes live.
    with django_capture_on_commit_callbacks(execute=True):
        article.save()

    with database_down():
        response = Client().get(url)

    assert response.status_code == 200
    assert response["X-Cache"] == "stale"
    assert response.content == first.content


@contextlib.contextmanager
def locked_by_another_connection(article):
    """Another transaction holds what a comment's INSERT needs, until the block
    ends: the article's row on PostgreSQL (FOR UPDATE blocks the key-share lock
    of a comment's foreign key), the database's write lock on SQLite. Posts
    wait 200 ms at most (PostgreSQL's lock_timeout)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            if other.vendor == "sqlite":
                cursor.execute("BEGIN IMMEDIATE")
            else:
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT id FROM articles_article WHERE id = %s FOR UPDATE",
                    [article.pk],
                )
                with connection.cursor() as ours:
                    ours.execute("SET lock_timeout = '200ms'")
        yield
    finally:
        with other.cursor() as cursor:
            cursor.execute("ROLLBACK")
        other.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as ours:
                ours.execute("RESET lock_timeout")


@pytest.mark.django_db(transaction=True)  # two connections see the same rows
def test_a_comment_blocked_by_a_lock_gets_its_form_back_with_503(settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    article = ArticleFactory()
    text = "نص القارئ الذي يجب ألا يضيع"

    with locked_by_another_connection(article):
        response = post_comment(Client(), article, body=text)

    assert response.status_code == 503
    page = response.content.decode()
    assert text in page
    assert escape(arabic(BUSY)) in page
    # Nothing half-stored: no comment, and no turn taken in the limit.
    assert not Comment.objects.exists()
    assert not RateLimit.objects.exists()
    # Once the lock is gone, sending it again stores it: not "too quickly".
    assert post_comment(Client(), article, body=text).status_code == 302
    assert Comment.objects.count() == 1


# --- uploads: files and rows together ------------------------------------------------


def noisy_jpeg(size: tuple[int, int] = (500, 500)) -> bytes:
    """A picture that compresses badly: far larger than a 64 KB disk."""
    rng = random.Random(7)
    data = bytes(rng.getrandbits(8) for _ in range(size[0] * size[1] * 3))
    return encode(PILImage.frombytes("RGB", size, data), quality=95)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


@contextlib.contextmanager
def mounted(folder: Path, options: str):
    """A tmpfs mounted on `folder` with `options`; skipped where mount is denied."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        pytest.skip(
            "needs `mount` (root, or CAP_SYS_ADMIN) for a real full or read-only "
            f"media folder: {result.stderr.strip()}"
        )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def full_media(settings):
    with mounted(Path(settings.MEDIA_ROOT), "size=64k") as folder:
        yield folder


@pytest.fixture
def read_only_media(settings):
    with mounted(Path(settings.MEDIA_ROOT), "ro,size=1m") as folder:
        yield folder


def field_errors(response, name: str) -> list[str]:
    return response.context["adminform"].form.errors.get(name, [])


def test_a_full_media_disk_is_a_form_error_and_leaves_no_file(
    editor_client, full_media
):
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"alt": "صورة", "file": upload(noisy_jpeg())},
    )

    assert response.status_code == 200
    assert field_errors(response, "file") == [arabic(str(images.DISK_FULL))]
    assert escape(arabic(str(images.DISK_FULL))) in response.content.decode()
    assert not Image.objects.exists()
    assert files_under(full_media) == []  # no truncated file either


def test_a_read_only_media_folder_is_a_form_error(editor_client, read_only_media):
    response = editor_client.post(
        "/admin/articles/image/add/",
        {"alt": "صورة", "file": upload(encode(marked_picture()))},
    )

    assert response.status_code == 200
    assert field_errors(response, "file") == [arabic(str(images.READ_ONLY))]
    assert not Image.objects.exists()


def test_an_officials_photo_on_a_full_disk_is_a_form_error(editor_client, full_media):
    add = "/admin/articles/official/add/"
    data = {"name": "عبد الله الإدريسي", "slug": "", "bio": ""}
    for formset in editor_client.get(add).context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data["photo"] = upload(noisy_jpeg())

    response = editor_client.post(add, data)

    assert response.status_code == 200
    assert field_errors(response, "photo") == [arabic(str(images.DISK_FULL))]
    assert not Official.objects.exists()
    assert files_under(full_media) == []


@contextlib.contextmanager
def insert_refused(table: str):
    """A trigger that makes the database refuse every new row of `table`."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_insert()"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER refuse_insert")
            else:
                cursor.execute(f"DROP TRIGGER refuse_insert ON {table}")
                cursor.execute("DROP FUNCTION refuse_insert()")


def test_an_upload_whose_row_is_refused_leaves_no_file(settings):
    with (
        insert_refused(Image._meta.db_table),
        pytest.raises(DatabaseError),
        transaction.atomic(),
    ):
        Image(file=upload(encode(marked_picture())), alt="صورة").save()

    assert not Image.objects.exists()
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_an_admin_upload_rolled_back_after_its_renditions_leaves_no_file(
    editor_client, settings
):
    # The image and its renditions are stored, then the admin's history entry
    # is refused: the whole save is rolled back, and its files go with it.
    with insert_refused(LogEntry._meta.db_table), pytest.raises(DatabaseError):
        editor_client.post(
            "/admin/articles/image/add/",
            {"alt": "صورة", "file": upload(encode(marked_picture((1000, 600))))},
        )

    assert not Image.objects.exists()
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_a_partial_write_is_removed_by_the_storage(settings, full_media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    with pytest.raises(OSError):
        default_storage.save("images/big.bin", ContentFile(os.urandom(200_000)))

    assert files_under(full_media) == []


# --- mail down ------------------------------------------------------------------------


class SMTPServer(socketserver.ThreadingTCPServer):
    """A tiny SMTP server on a free local port: it refuses every sender with 554
    while `refusing`, and keeps what it accepts in `received`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.refusing = True
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        server: SMTPServer = self.server  # type: ignore[assignment]
        self.reply("220 localhost test SMTP")
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].split(b":", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 localhost")
            elif verb == b"MAIL":
                if server.refusing:
                    self.reply("554 5.7.1 Sending refused")
                else:
                    self.reply("250 OK")
            elif verb == b"RCPT":
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                message = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    message += chunk
                server.received.append(message)
                self.reply("250 OK queued")
            elif verb in (b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


@pytest.fixture
def smtp_server():
    server = SMTPServer()
    server.thread.start()
    yield server
    server.shutdown()
    server.server_close()


def use_smtp(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": port,
                "use_tls": False,
                "timeout": 5,
            },
        }
    }


@pytest.fixture
def queued_mail(settings):
    """The production queue, moderators to tell, and a worker that retries."""
    settings.TASKS = DURABLE_TASKS
    settings.TASKS_RETRY_SECONDS = 30
    settings.TASKS_MAX_ATTEMPTS = 5
    settings.COMMENTS_NOTIFY = ["desk@example.ma"]
    settings.COMMENTS_DIGEST_SECONDS = 300
    return settings


def make_due() -> None:
    """Time passes: every waiting task is due."""
    DBTaskResult.objects.update(run_after=timezone.now())


@pytest.mark.django_db(transaction=True)  # the post and the worker commit
def test_mail_refused_or_unreachable_keeps_the_comment_and_retries_until_delivered(
    queued_mail, smtp_server
):
    article = ArticleFactory(title="دورة استثنائية لمجلس الجهة")
    response = post_comment(Client(), article)
    assert response.status_code == 302
    comment = Comment.objects.get()
    (task,) = DBTaskResult.objects.all()

    # First the mail server is unreachable (nothing listens on its port).
    use_smtp(queued_mail, closed_port())
    make_due()
    run_due_tasks()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    first_wait = task.run_after - timezone.now()
    assert datetime.timedelta(seconds=25) < first_wait <= datetime.timedelta(seconds=30)
    assert "ConnectionRefusedError" in task.traceback

    # Then it answers, and refuses: 554.
    use_smtp(queued_mail, smtp_server.port)
    run_due_tasks()  # not due yet: the back-off holds
    assert len(task.__class__.objects.get(pk=task.pk).worker_ids) == 1
    make_due()
    run_due_tasks()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    second_wait = task.run_after - timezone.now()
    assert (
        datetime.timedelta(seconds=55) < second_wait <= datetime.timedelta(seconds=60)
    )
    assert "554" in task.traceback
    assert smtp_server.received == []
    assert Comment.objects.awaiting_digest().get() == comment  # kept, still untold

    # It accepts again: the next attempt delivers.
    smtp_server.refusing = False
    make_due()
    run_due_tasks()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    (message,) = smtp_server.received
    body = email.message_from_bytes(message).get_payload(decode=True).decode()
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in body
    assert not Comment.objects.awaiting_digest().exists()


@pytest.mark.django_db(transaction=True)  # the post and the worker commit
def test_a_post_whose_web_server_dies_before_its_mail_still_gets_it_delivered(
    queued_mail, monkeypatch
):
    article = ArticleFactory(title="دورة استثنائية لمجلس الجهة")
    response = post_comment(Client(), article)
    assert response.status_code == 302

    # The response is out: the mail's task was committed before it.
    (task,) = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.READY
    assert mail.outbox == []
    # The web server dies here: nothing of it is left but the database.
    connections.close_all()

    # Later, a worker starts and its time comes.
    make_due()
    monkeypatch.setattr(tasks.RetryingWorker, "configure_signals", lambda self: None)
    call_command(
        "run_tasks", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO()
    )

    (message,) = mail.outbox
    assert message.to == ["desk@example.ma"]
    assert re.search(r"/admin/comments/comment/\d+/change/", message.body)
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
