"""The articles app: its Arabic name, its checks, its search text and cached
pages kept current."""

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Content")

    def ready(self) -> None:
        from newsroom import pagecache

        from . import search_index
        from .checks import check_search_locale
        from .models import Article, ViewCountBatch

        checks.register(check_search_locale, checks.Tags.database)
        search_index.connect()
        # Every model readers see; a batch of views is bookkeeping, and a
        # flush every few seconds must not drop every cached page.
        pagecache.watch(m for m in self.get_models() if m is not ViewCountBatch)
        pagecache.SCHEDULES.append(Article.objects.next_scheduled_time)
        # The breaking bar ends by itself: so does every page that shows it.
        pagecache.SCHEDULES.append(Article.objects.next_breaking_end)
