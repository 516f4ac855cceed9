"""The articles app: its Arabic name, its checks, its search text kept current."""

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Content")

    def ready(self) -> None:
        from . import search_index
        from .checks import check_search_locale

        checks.register(check_search_locale, checks.Tags.database)
        search_index.connect()
