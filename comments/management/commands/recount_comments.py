"""Repair every article's stored count of approved comments."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Recount the approved comments of every article and repair the stored "
        "counts that differ (they are kept exact as comments change; this is for "
        "repair after a raw SQL edit or a restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=10_000,
            help="Articles per transaction, by id range (default 10000).",
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        repaired = Comment.objects.recount_articles(batch_size=max(1, batch_size))
        if repaired:
            self.stdout.write(
                ngettext(
                    "%(count)d article's comment count repaired.",
                    "%(count)d articles' comment counts repaired.",
                    repaired,
                )
                % {"count": repaired}
            )
        else:
            self.stdout.write(_("Every article's comment count was right."))
