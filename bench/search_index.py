"""Time `manage.py rebuild_search_index` over a large archive and measure its memory.

Fills the database with bench/search.py's generated articles (100,000 by
default; only the missing ones are added), then runs the command in a process
of its own and prints its wall time and peak resident memory, next to the peak
of a process that loads Django and the project and does nothing: the difference
is what the rebuild holds, one batch of rows, whatever the number of articles.

On SQLite:

    export DATABASE_URL=sqlite:///var/bench.sqlite3
    DEBUG=true .venv/bin/python manage.py migrate
    .venv/bin/python bench/search_index.py [--count 100000] [--batch-size 1000]

On PostgreSQL, in a database of its own as bench/search.py explains. A
database holding any other article is refused unless --force is given.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_BATCH_SIZE = 1000  # articles.search_index.BATCH_SIZE


def fill(count: int, force: bool) -> None:
    """Add the missing generated articles (bench/search.py), in this process."""
    sys.path.insert(0, str(HERE))
    from django.db import connection
    from search import fill as fill_articles  # sets Django up

    from articles.models import Article

    fill_articles(count, force)
    print(f"{connection.vendor}: {Article.objects.count():,} articles")


def run(*command: str) -> tuple[float, float, str]:
    """Seconds, peak resident memory (MB) and last output line of a child process."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *command],
            cwd=ROOT,
            stdout=out,
            # With DEBUG, Django keeps the text of the last 9,000 queries.
            env=os.environ | {"DEBUG": "false"},
        )
        # wait4 gives this child's own resource use, its peak memory included.
        # (This process loads no Django: a child's peak starts from a small
        # copy of it, not from the filled archive's objects.)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0)
        lines = out.read().splitlines()
    if os.waitstatus_to_exitcode(status):
        sys.exit(f"{' '.join(command)} failed.")
    # ru_maxrss is in kilobytes on Linux.
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument(
        "--force", action="store_true", help="add to a database with other content"
    )
    parser.add_argument("--fill-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill_only:
        fill(args.count, args.force)
        return
    os.environ.setdefault("HTTPS", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-never-used-to-serve-anything")
    filling = [sys.executable, __file__, "--fill-only", "--count", str(args.count)]
    # The fill's output (its progress) goes to the terminal.
    subprocess.run(filling + ["--force"] * args.force, cwd=ROOT, check=True)

    manage = "manage.py"
    _seconds, baseline, _ = run(manage, "shell", "--command", "import articles")
    seconds, peak, summary = run(
        manage, "rebuild_search_index", "--batch-size", str(args.batch_size)
    )
    print(summary)
    print(
        f"rebuild_search_index --batch-size {args.batch_size}: {seconds:.1f} s, "
        f"peak memory {peak:.0f} MB (Django and the project alone: {baseline:.0f} MB)"
    )


if __name__ == "__main__":
    main()
