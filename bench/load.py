"""`make bench`: the site served the production way and driven with wrk over HTTP.

gunicorn with a worker per core and one more and the task worker beside it,
`DEBUG` off, PostgreSQL and Redis when they answer on 127.0.0.1 (SQLite and the
file cache otherwise, and the table says so). The content is the demo, the
reference article brought to 20 approved comments (it has 10 attendees), the
same article under a wave of 5,000 pending comments, and at least 1,000
articles. Each reader page is driven at 1, 4 and 16 clients twice: cold (the
page cache off, every request rendered) and cached; the view-counting pixel
and the comment POST once. /robots.txt, a trivial view through the same
middleware, is the floor the others are compared with, in the same server.
Queries per page are counted in-process against the same database. The table
and the machine's facts go to bench/results.md. A benchmark, not a test:
nothing here fails on a number.

    make bench                      # or: .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --duration 10 --clients 1,16
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
import phone  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable
PORT = 8100
DATABASE_NAME = "newsroom_http_bench"
ARTICLES_WANTED = 1000
COMMENTS_WANTED = 20
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126 newsroom-bench"

# Run inside the site (manage.py shell): content, then the addresses to drive.
PREPARE = r"""
import datetime
import json
from django.utils import timezone
from articles.models import Article, Event, Official, Place, Section, Tag
from comments.models import Comment
from newsroom.arabic import arabic_slugify

reference = Article.objects.published().order_by("pk").first()
missing = {wanted} - Article.objects.count()
if missing > 0:
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"خبر أرشيفي رقم {{n}} من أخبار الجهة",
            slug=arabic_slugify(f"خبر أرشيفي رقم {{n}}"),
            lede=reference.lede,
            body=reference.body,
            section=reference.section,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=n + 24),
        )
        for n in range(missing)
    )
approved = Comment.objects.approved().filter(article=reference).count()
for n in range({comments} - approved):
    Comment.objects.create(
        article=reference,
        name=f"قارئ {{n}}",
        email=f"bench-reader{{n}}@example.com",
        body=f"تعليق رقم {{n}} على اللقاء، بنص عادي كما يكتبه القراء.",
        status=Comment.Status.APPROVED,
    )
reference.refresh_from_db()
# The same article under a spam wave: its 20 approved comments, and 5,000
# pending ones no reader sees.
flooded = Article.objects.filter(slug="bench-spam-wave").first()
if flooded is None:
    flooded = Article.objects.create(
        title=reference.title + " (موجة تعليقات)",
        slug="bench-spam-wave",
        lede=reference.lede,
        body=reference.body,
        section=reference.section,
        event=reference.event,
        author=reference.author,
        status=Article.Status.PUBLISHED,
        published_at=reference.published_at - datetime.timedelta(minutes=1),
    )
    flooded.tags.set(reference.tags.all())
    for attendee in reference.attendees.all():
        attendee.pk = None
        attendee.article = flooded
        attendee.save()
    Comment.objects.bulk_create(
        Comment(
            article=flooded,
            name=f"قارئ {{n}}",
            email=f"bench-reader{{n}}@example.com",
            body=f"تعليق رقم {{n}} على اللقاء، بنص عادي كما يكتبه القراء.",
            status=Comment.Status.APPROVED,
        )
        for n in range({comments})
    )
    Comment.objects.bulk_create(
        Comment(
            article=flooded,
            name=f"مرسل {{n}}",
            email=f"wave{{n}}@example.com",
            body=f"رسالة مزعجة رقم {{n}} http://spam.example/{{n}}",
            status=Comment.Status.PENDING,
        )
        for n in range(5000)
    )
# Fresh planner statistics, as autovacuum would have them on a live site.
from django.db import connection
if connection.vendor == "postgresql":
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
published = Article.objects.published()
month = timezone.localtime(reference.published_at)
place = Place.objects.filter(events__articles__in=published).first()
event = Event.objects.filter(articles__in=published).first()
official = Official.objects.filter(appearances__article=reference).first()
pages = {{
    "home": "/",
    "article": reference.get_absolute_url(),
    "article (5000 pending)": flooded.get_absolute_url(),
    "section": reference.section.get_absolute_url(),
    "tag": Tag.objects.filter(articles__in=published).first().get_absolute_url(),
    "official": official.get_absolute_url(),
    "place": place.get_absolute_url(),
    "event": event.get_absolute_url(),
    "archive": "/archive/",
    "archive month": f"/archive/{{month:%Y/%m}}/",
    "search": "/search/?q=" + "الدار البيضاء",
    "feed": "/feed/",
    "sitemap": "/sitemap-articles.xml",
}}
# A live page's poll, as its readers ask it every 30 seconds (live/views.py).
from live.models import LiveCoverage
live = LiveCoverage.objects.running().order_by("pk").first()
if live is not None:
    pages["live poll"] = f"/live/{{live.article_id}}/updates.json"
print(json.dumps({{
    "pages": pages,
    "article_id": reference.pk,
    "articles": Article.objects.count(),
    "comments": reference.comment_count,
    "attendees": reference.attendees.count(),
}}))
"""

COUNT_QUERIES = r"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_USER_AGENT="bench")
counts = {{}}
for name, url in json.loads({pages!r}).items():
    client.get(url)  # warm what a first request loads once
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[name] = len(queries) if status == 200 else f"HTTP {{status}}"
print(json.dumps(counts))
"""

# Form stamps as readers' pages get them (comments/stamps.py): one of their own
# per reader, bound to the address (all of wrk's come from 127.0.0.1), served
# a minute before the post.
STAMPS = """
import json, time
from comments import stamps
print(json.dumps([stamps.issue(time.time() - 60, "127.0.0.1") for _ in range({count})]))
"""
STAMPS_PER_RUN = 6000
# The live page's poll: answered in full (200), and to a reader whose copy is
# current (304, what nearly every poll gets).
LIVE_POLL = "live poll"
LIVE_POLL_304 = "live poll (304)"

# Each POST sends a new comment: the thread's number and a counter make the text
# unique, so no post is a duplicate.
POST_SCRIPT = """
local counter = 1
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local stamps = {stamps}
local n = 0
request = function()
  n = n + 1
  -- Two threads at most: odd stamps for one, even for the other.
  local stamp = stamps[((n - 1) * 2 + id - 1) % #stamps + 1]
  local body = "body=bench+{run}+" .. id .. "+" .. n ..
    "&name=Bench+reader&email=bench" .. id .. "@example.com&url=" ..
    "&served=" .. stamp .. "&parent=&homepage="
  return wrk.format("POST", "{path}",
    {{["Content-Type"] = "application/x-www-form-urlencoded"}}, body)
end
"""


def current_etag(path: str) -> str:
    """The ETag the server sends for `path` now ("" if none)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{quote(path, safe='/?=&%:')}",
        headers={"User-Agent": USER_AGENT},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("ETag", "")


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def environment() -> tuple[dict[str, str], dict[str, str]]:
    """The server's environment, and what it runs on (for the table)."""
    env = os.environ | {
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "STATIC_ROOT": str(VAR / "bench-static"),
        "LOG_LEVEL": "WARNING",
        # One address posts every comment here: the flood limit would refuse
        # all but the first.
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_MIN_FORM_SECONDS": "0",
        # The photos, for the phone figures: nginx serves them in production.
        "SERVE_MEDIA": "true",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("EMAIL_HOST", None)
    facts = {}
    if answers(5432):
        import psycopg

        with psycopg.connect(
            "host=127.0.0.1 user=postgres dbname=postgres", autocommit=True
        ) as db:
            exists = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
            ).fetchone()
            if not exists:
                db.execute(f"CREATE DATABASE {DATABASE_NAME}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}"
        facts["database"] = "PostgreSQL (127.0.0.1:5432)"
    else:
        env["DATABASE_URL"] = f"sqlite:///{VAR / 'bench-http.sqlite3'}"
        facts["database"] = "SQLite (PostgreSQL did not answer on 127.0.0.1:5432)"
    if answers(6379):
        env["REDIS_URL"] = "redis://127.0.0.1:6379/15"
        facts["cache"] = "Redis (127.0.0.1:6379, database 15)"
    else:
        env.pop("REDIS_URL", None)
        facts["cache"] = "files in var/cache (Redis did not answer on 127.0.0.1:6379)"
    return env, facts


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def shell(env: dict[str, str], code: str) -> str:
    """The last line a snippet printed in `manage.py shell`."""
    return manage(env, "shell", "--no-imports", "-c", code).strip().splitlines()[-1]


def start_server(
    env: dict[str, str], workers: int, log: Path
) -> list[subprocess.Popen]:
    """gunicorn (with the repository's gunicorn.conf.py) and the task worker."""
    output = log.open("a")
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "run_tasks"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "newsroom.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env | {"GUNICORN_ACCESS_LOG": ""},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    # Ready when a worker answers, not when the port opens: workers warm up
    # (gunicorn.conf.py) before they take requests.
    deadline = time.monotonic() + 60
    while not serves(PORT):
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"gunicorn did not start; see {log}")
        time.sleep(0.2)
    time.sleep(2)  # the other workers finish warming up too
    return [server, worker]


def serves(port: int) -> bool:
    try:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/robots.txt", timeout=5
        ) as response:
            return response.status == 200
    except OSError:
        return False


def stop_server(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)
    while answers(PORT):
        time.sleep(0.2)


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def drive(
    path: str,
    clients: int,
    seconds: int,
    script: Path | None = None,
    headers: dict[str, str] | None = None,
) -> dict:
    """One wrk run: requests per second, p50, p99 and errors (a 304 is none)."""
    command = [
        "wrk",
        f"-t{min(clients, 2)}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"User-Agent: {USER_AGENT}",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{quote(path, safe='/?=&%:')}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = sum(
        int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out)
    ) + sum(
        int(n)
        for part in re.findall(r"Socket errors: ([^\n]+)", out)
        for n in re.findall(r"\d+", part)
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\s50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\s99%\s+(\S+)", out).group(1)),
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument("--clients", default="1,4,16", help="e.g. 1,4,16")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--pages", default="", help="only these pages, e.g. home,feed")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: bin/ensure-wrk installs it.")
    clients = [int(c) for c in options.clients.split(",")]
    VAR.mkdir(exist_ok=True)
    env, facts = environment()
    print(f"Database: {facts['database']}; cache: {facts['cache']}.")

    print("Preparing the content…")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "load_demo", "--admin-password", secrets.token_urlsafe(12))
    site = json.loads(
        shell(env, PREPARE.format(wanted=ARTICLES_WANTED, comments=COMMENTS_WANTED))
    )
    pages = site["pages"]
    if options.pages:
        wanted = options.pages.split(",")
        pages = {name: url for name, url in pages.items() if name in wanted}
    # What a render costs: counted with the page cache off and nothing kept.
    queries = json.loads(
        shell(
            env | {"PAGE_CACHE": "false", "FRAGMENT_CACHE": "false"},
            COUNT_QUERIES.format(pages=json.dumps(pages)),
        )
    )

    log = VAR / "bench-gunicorn.log"
    log.unlink(missing_ok=True)
    results: dict[tuple[str, str, int], dict] = {}

    def run(
        mode: str,
        name: str,
        path: str,
        posting: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        # The first run warms the workers (and, cached, the page).
        for run_number, count in enumerate([1, *clients]):
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
                # Comments unique to each run: none is refused as a duplicate.
                stamps = (
                    shell(env, STAMPS.format(count=STAMPS_PER_RUN)) if posting else "[]"
                )
                script.write(
                    POST_SCRIPT.format(
                        run=time.time_ns(),
                        stamps="{" + stamps.strip("[]") + "}",
                        path=path,
                    )
                )
                script.flush()
                warm = run_number == 0
                result = drive(
                    path,
                    count,
                    1 if warm else options.duration,
                    Path(script.name) if posting else None,
                    headers,
                )
            if warm:
                continue
            results[mode, name, count] = result
            print(
                f"  {mode:<6} {name:<24} {count:>2} clients {result['rps']:>8.1f} req/s"
            )

    phone_figures: dict[str, dict] = {}
    audit_figures: dict[str, dict] = {}
    # Cold: every page rendered; then the same pages from the page cache.
    for mode in ("cold", "cached"):
        server = start_server(
            env | {"PAGE_CACHE": "true" if mode == "cached" else "false"},
            options.workers,
            log,
        )
        try:
            run(mode, "floor: /robots.txt", "/robots.txt")
            for name, url in pages.items():
                run(mode, name, url)
                if name == LIVE_POLL and (etag := current_etag(url)):
                    # A reader whose copy is current: the answer is a 304.
                    run(mode, LIVE_POLL_304, url, headers={"If-None-Match": etag})
            if mode == "cold":
                run(mode, "view pixel", f"/{site['article_id']}/seen.gif")
                run(mode, "comment POST", f"/comments/post/{site['article_id']}/", True)
            elif phone.available():
                # A reader's phone, served as readers are: from the cache.
                print("  phone: home and article under a phone's emulation…")
                phone_figures = phone.run(f"http://127.0.0.1:{PORT}/")
                if phone.axe_available():
                    print("  accessibility: axe-core on the reader pages…")
                    audit_figures = phone.audit(f"http://127.0.0.1:{PORT}/")
        finally:
            stop_server(server)

    write_results(results, pages, queries, facts, site, options, clients)
    if phone_figures:
        with (ROOT / "bench" / "results.md").open("a") as out:
            out.write(
                "\n## On a phone (`bench/phone.py`)\n\n"
                "Chromium emulating a mid-range phone: 4x CPU slowdown, slow 4G "
                "(150 ms, 1.6 Mbit/s), 412x915 screen, no browser cache; the pages "
                "from the page cache of the same server. Each page loaded "
                f"{phone.LOADS} times, each in a newly started browser once the "
                "machine is quiet: the median of each figure, and the worst "
                "longest task (0: no task reached 50 ms, the threshold of the "
                "browser's Long Tasks API).\n\n"
                + "\n".join(phone.table(phone_figures))
                + "\n"
            )
    if audit_figures:
        with (ROOT / "bench" / "results.md").open("a") as out:
            out.write(
                "\n## Accessibility (`bench/phone.py`, axe-core)\n\n"
                "axe-core's violations (elements) by impact on the demo's pages, "
                "the reply form sent empty so that its errors show; the budget is "
                "no serious or critical one.\n\n"
                + "\n".join(phone.audit_table(audit_figures))
                + "\n"
            )
    print(f"Written: {ROOT / 'bench' / 'results.md'}")


def write_results(results, pages, queries, facts, site, options, clients) -> None:
    def cell(mode: str, name: str, count: int) -> str:
        r = results.get((mode, name, count))
        if r is None:
            return "| | | | |"
        floor = results[mode, "floor: /robots.txt", count]["rps"]
        return (
            f"| {r['rps']:.1f} | {100 * r['rps'] / floor:.1f} % "
            f"| {r['p50']:.1f} / {r['p99']:.1f} | {r['errors']} |"
        )

    lines = [
        "# `make bench` results",
        "",
        f"- Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{options.duration} s per cell, wrk on loopback",
        f"- Machine: {os.cpu_count()} cores, {memory()}, {platform.platform()}, "
        f"Python {platform.python_version()}",
        f"- Server: gunicorn, {options.workers} sync workers, DEBUG off, "
        "the task worker beside it",
        f"- Database: {facts['database']}; cache: {facts['cache']}",
        f"- Content: {site['articles']} articles; the article page shows "
        f"{site['comments']} approved comments and {site['attendees']} attendees; "
        '"article (5000 pending)" is the same article with 5,000 pending '
        "comments besides",
        "- cold: the page cache off (PAGE_CACHE=false), every request rendered "
        "(from parts kept until the content changes: FRAGMENT_CACHE); "
        "cached: served from the page cache. % is of the floor (/robots.txt, a "
        "trivial view through the same middleware) in the same server and run. "
        "Latency is p50 / p99 in ms. Queries: a render with nothing kept.",
        "",
        "| page | clients | cold req/s | cold % | cold ms | errors "
        "| cached req/s | cached % | cached ms | errors | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    names = ["floor: /robots.txt", *pages, "view pixel", "comment POST"]
    if LIVE_POLL in pages:
        names.insert(names.index(LIVE_POLL) + 1, LIVE_POLL_304)
    for name in names:
        for count in clients:
            if not any((m, name, count) in results for m in ("cold", "cached")):
                continue
            lines.append(
                f"| {name} | {count} "
                + cell("cold", name, count)
                + cell("cached", name, count)[1:]
                + f" {queries.get(name, '')} |"
            )
    (ROOT / "bench" / "results.md").write_text("\n".join(lines) + "\n")


def memory() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return "memory unknown"
    return f"{kib / 1024 / 1024:.0f} GiB"


if __name__ == "__main__":
    main()
