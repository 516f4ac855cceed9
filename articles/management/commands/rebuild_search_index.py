"""Rebuild the stored search text of every article and official."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from articles import search_index
from articles.models import Article, Official


def grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


class Command(BaseCommand):
    help = (
        "Rebuild the stored search text of every article and official, in batches "
        "by id. It is kept current as rows change; this repairs it after raw SQL, "
        "QuerySet.update(), bulk_create() or a restore."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=search_index.BATCH_SIZE,
            help=(
                "Rows read and written at a time, each batch in one transaction "
                f"(default {search_index.BATCH_SIZE})."
            ),
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        if batch_size < 1:
            raise CommandError(_("The batch size must be at least 1."))
        articles = self.rebuild(
            Article.objects.all(),
            search_index.article_batches,
            batch_size,
            # Translators: progress of the rebuild, e.g. "articles: 12,000/100,000".
            lambda done, total: _("articles: {done}/{total}").format(
                done=done, total=total
            ),
        )
        officials = self.rebuild(
            Official.objects.all(),
            search_index.official_batches,
            batch_size,
            lambda done, total: _("officials: {done}/{total}").format(
                done=done, total=total
            ),
        )
        done = _("Search text rebuilt. Articles: {articles}, officials: {officials}.")
        self.stdout.write(
            self.style.SUCCESS(
                done.format(articles=grouped(articles), officials=grouped(officials))
            )
        )

    def rebuild(
        self,
        rows: QuerySet,
        batches: Callable[[QuerySet, int], Iterator[int]],
        batch_size: int,
        progress: Callable[[str, str], str],
    ) -> int:
        """Rebuild `rows` batch by batch, a progress line after each batch."""
        total, done = rows.count(), 0
        self.stdout.write(progress(grouped(done), grouped(total)))
        for size in batches(rows, batch_size):
            done += size
            self.stdout.write(progress(grouped(done), grouped(max(done, total))))
        return done
