"""Fill the articles' stored count of approved comments from the comments."""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_counts(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    approved = (
        Comment.objects.filter(article_id=OuterRef("pk"), status="approved")
        .order_by()
        .values("article_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Article.objects.update(comment_count=Coalesce(Subquery(approved), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_comment_count"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill_counts, migrations.RunPython.noop)]
