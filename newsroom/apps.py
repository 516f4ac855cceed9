"""The project package as an app: its formats, commands and translations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """Project-wide pieces: formats, Arabic text helpers, the auth admin in Arabic."""

    name = "newsroom"
    # Its background tasks are listed in the admin under this name.
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        # Their connection hooks: the `arabic` collation and the folding
        # function on every SQLite connection.
        from . import collation, folding, pagecache  # noqa: F401
        from .models import HijriCalendar
        from .pagecache import content_changed

        # The offset shows in every dateline.
        pagecache.watch([HijriCalendar])

        def user_saved(sender, update_fields=None, raw=False, **kwargs):
            # A byline shows the writer's name; a sign-in touches last_login only.
            if not raw and set(update_fields or ["*"]) - {"last_login"}:
                content_changed()

        post_save.connect(
            user_saved, sender=get_user_model(), weak=False, dispatch_uid="pagecache"
        )
