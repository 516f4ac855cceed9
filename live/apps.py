"""Live coverage: an article followed minute by minute with short updates."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Live coverage")

    def ready(self) -> None:
        from newsroom import pagecache

        # An update posted, edited or withdrawn, a coverage started or ended:
        # readers see each at once, so each drops the cached pages.
        pagecache.watch(self.get_models())
