"""Time the site's search over a large archive, in the configured database.

Fills the database with generated Arabic articles (100,000 by default), then
times typical queries: one common word, two words, a rare word, words in 8
and 5 articles of a hundred, part of a word, and a word typed without its
hamza. Prints, per query, the number of matching articles and the median and
95th-percentile times of the search itself (ranking, first page with its
highlighted excerpts, officials) and of the whole results page (Django stack
through the test client, no network).
Past 500 matches (articles.search.MAX_RESULTS), the newest 500 are ranked.

On PostgreSQL, in a database of its own (never the site's):

    createdb -h 127.0.0.1 -U postgres newsroom_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench
    DEBUG=true .venv/bin/python manage.py migrate
    .venv/bin/python bench/search.py
    dropdb -h 127.0.0.1 -U postgres newsroom_bench   # about 1.4 GB

On SQLite, with fewer articles:

    export DATABASE_URL=sqlite:///var/bench.sqlite3
    DEBUG=true .venv/bin/python manage.py migrate
    .venv/bin/python bench/search.py --count 10000

The generated articles sit in a section of their own; run again, only the
missing ones are added. A database holding any other article is refused
unless --force is given.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-to-serve-anything")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Section  # noqa: E402
from articles.search import (  # noqa: E402
    all_matches,
    query_terms,
    rank_articles,
    search_officials,
    show_page,
)
from newsroom.arabic import search_document, search_line  # noqa: E402

BENCH_SECTION = "bench"
BATCH = 1000
SEED = 2030

# The most frequent words of the generated text, most frequent first; real
# words, written as newspapers write them (hamzas, alef forms, ta marbuta).
COMMON = (
    "في من على إلى أن التي مع عن هذا الذي بين خلال كما بعد قبل حيث لدى ضمن "
    "المجلس الجهة مدينة الدار البيضاء رئيس الجماعة المشروع الحزب الأمين العام "
    "الجماعي الإقليم المنتخبين اللقاء الدورة التنمية الاستثمار المواطنين "
    "الساكنة الطرق المستشفى الصحة التعليم الشباب الأحزاب الانتخابات البرلمان "
    "الحكومة الوزارة المسؤول مسؤولية إطار برنامج تأهيل المرافق الميزانية "
    "الأشغال الاجتماع الجمعية الثقافة الرياضة الملعب النقل الحضري الماء "
    "الكهرباء الفلاحة الشغل المقاولات الصفقات المراقبة المحاسبة التنسيق"
)
# Each appears in one article of ten thousand.
RARE = "الزليج"
# Generated words (see vocabulary()), the 200th and the 300th most frequent: in
# about 8 and 5 articles of a hundred, between the rare word and the common ones.
IN_8_PERCENT = "اليارغ"
IN_5_PERCENT = "المذمص"
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
PATTERNS = (
    "{0}{1}{2}",
    "{0}ا{1}{2}",
    "م{0}{1}{2}",
    "م{0}{1}و{2}",
    "{0}{1}ي{2}",
    "ت{0}{1}ي{2}",
    "است{0}{1}ا{2}",
    "{0}{1}ا{2}ة",
    "م{0}{1}{2}ة",
    "{0}{1}{2}ات",
    "م{0}{1}{2}ين",
)
VOCABULARY_SIZE = 30_000

# (label, query as typed): each is timed.
QUERIES = [
    ("one common word", "المجلس"),
    ("two words", "المجلس الجماعي"),
    ("rare word", RARE),
    ("word in 8%", IN_8_PERCENT),
    ("word in 5%", IN_5_PERCENT),
    ("part of a word", "تثمار"),
    ("without hamza", "الامين"),
]


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words with Zipf-like cumulative weights: real ones first, made-up after."""
    words = COMMON.split()
    seen = set(words)
    while len(words) < VOCABULARY_SIZE:
        root = rng.sample(LETTERS, 3)
        word = rng.choice(PATTERNS).format(*root)
        if rng.random() < 0.4:
            word = "ال" + word
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = [1 / (rank + 1) ** 1.07 for rank in range(len(words))]
    return words, list(itertools.accumulate(weights))


class Writer:
    """Generated articles: sentences of Zipf-distributed words."""

    def __init__(self, seed: int) -> None:
        # The same words on every run; different sentences from each start.
        self.words, self.cumulative = vocabulary(random.Random(SEED))
        self.rng = random.Random(seed)

    def sentence(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(words) + "."

    def article(self, number: int, section: Section, now: datetime.datetime):
        title = self.sentence(6, 12).rstrip(".")
        lede = self.sentence(15, 25)
        paragraphs = [
            " ".join(self.sentence(8, 20) for _ in range(self.rng.randint(2, 4)))
            for _ in range(self.rng.randint(3, 5))
        ]
        if number % 10_000 == 0:
            paragraphs[-1] += f" {RARE}."
        return Article(
            title=title,
            slug=f"bench-{number}",
            lede=lede,
            body="".join(f"<p>{p}</p>" for p in paragraphs),
            section=section,
            status=Article.Status.PUBLISHED,
            published_at=now - datetime.timedelta(minutes=30 * number),
            # As Article.save() and articles.search_index would store it.
            search_text=search_document(
                search_line(title),
                search_line(lede, " ".join(paragraphs), section.name),
                "",
            ),
        )


def fill(count: int, force: bool) -> None:
    """Make sure `count` generated articles exist; add the missing ones."""
    section, _ = Section.objects.get_or_create(
        slug=BENCH_SECTION, defaults={"name": "أرشيف الاختبار"}
    )
    others = Article.objects.exclude(section=section)
    if others.exists() and not force:
        sys.exit(
            f"This database has {others.count()} articles besides the benchmark's: "
            "use a database of its own (see the top of this file), or --force."
        )
    have = Article.objects.filter(section=section).count()
    if have >= count:
        print(f"{have} generated articles already there.")
        return
    writer = Writer(SEED + have)
    now = timezone.now()
    start = time.perf_counter()
    for first in range(have, count, BATCH):
        numbers = range(first + 1, min(first + BATCH, count) + 1)
        with transaction.atomic():
            Article.objects.bulk_create(
                [writer.article(n, section, now) for n in numbers]
            )
        done = numbers[-1] - have
        rate = done / (time.perf_counter() - start)
        print(f"\r{numbers[-1]:>9,} articles ({rate:,.0f}/s)", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would gather them after a while.
        cursor.execute("ANALYZE")


def timed(function, runs: int) -> tuple[float, float]:
    """Median and 95th percentile of `runs` calls, in milliseconds."""
    function()  # warm the caches, as a site that is being used has them
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95


def database_size() -> str:
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return f", {cursor.fetchone()[0]} on disk"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--force", action="store_true", help="add to a database with other content"
    )
    args = parser.parse_args()
    fill(args.count, args.force)
    total = Article.objects.published().count()
    print(f"{connection.vendor}: {total:,} published articles{database_size()}\n")

    # Static files from the source folders: no `collectstatic` needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"{'query':<17} {'typed':<16} {'matches':>8} "
        f"{'search ms':>10} {'p95':>7} {'page ms':>9} {'p95':>7}"
    )
    for label, query in QUERIES:
        terms = query_terms(query)

        def search(terms=terms) -> None:
            # What the results page does, without the template.
            ranked, _more = rank_articles(terms)
            show_page(Paginator(ranked, settings.ARTICLES_PER_PAGE).page(1), terms)
            search_officials(terms)

        def page(query=query) -> None:
            assert client.get("/search/", {"q": query}).status_code == 200

        matches = all_matches(terms).count()
        search_median, search_p95 = timed(search, args.runs)
        page_median, page_p95 = timed(page, args.runs)
        print(
            f"{label:<17} {query:<16} {matches:>8,} {search_median:>10.1f} "
            f"{search_p95:>7.1f} {page_median:>9.1f} {page_p95:>7.1f}"
        )


if __name__ == "__main__":
    main()
