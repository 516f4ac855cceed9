"""The comments app, its Arabic name, and the cached pages its comments show on."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from newsroom.pagecache import content_changed

        from .models import Comment

        def comment_saved(sender, instance: Comment, raw: bool = False, **kwargs):
            # Pending and spam comments are no reader's: a spam wave leaves the
            # cached pages alone. An approval or a removal moves the article's
            # count, which drops them (comments.models.shift_comment_counts).
            if not raw and instance.status == Comment.Status.APPROVED:
                content_changed()

        post_save.connect(comment_saved, sender=Comment, dispatch_uid="pagecache")
