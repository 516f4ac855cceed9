"""Comments are told to moderators in a digest: note which ones it already listed.

The comments stored before were mailed one by one: marked as told, so the first
digest does not list them again.
"""

from django.db import migrations, models
from django.db.models import F


def mark_existing_as_told(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.update(moderators_told_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0002_fill_article_comment_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="moderators_told_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="moderators told at",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                condition=models.Q(("moderators_told_at", None), ("status", "pending")),
                fields=["created_at"],
                name="comment_awaiting_digest_idx",
            ),
        ),
        migrations.RunPython(mark_existing_as_told, migrations.RunPython.noop),
    ]
