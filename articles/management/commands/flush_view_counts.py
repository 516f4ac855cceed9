"""`manage.py flush_view_counts`: add the views pending in Redis to the articles now."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from redis.exceptions import RedisError

from articles import viewcounts


class Command(BaseCommand):
    help = (
        "Add the views counted in Redis to the articles' stored counts now "
        "(the site does it by itself every VIEW_COUNT_FLUSH_SECONDS)."
    )

    def handle(self, *args, **options) -> None:
        if viewcounts.redis_client() is None:
            self.stdout.write(
                _("The cache is not Redis: every view is stored at once.")
            )
            return
        try:
            added = viewcounts.flush()
        except RedisError as exc:
            raise CommandError(
                _("Redis did not answer: {error}").format(error=exc)
            ) from exc
        self.stdout.write(
            ngettext("%(count)d view added.", "%(count)d views added.", added)
            % {"count": added}
        )
