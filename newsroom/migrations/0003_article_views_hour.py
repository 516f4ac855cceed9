# Views by article and hour, for the editors' desk (newsroom/viewstats.py).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_author_profile_source_credit"),
        ("newsroom", "0002_limits"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleViewsHour",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("hour", models.DateTimeField()),
                ("views", models.PositiveIntegerField(default=0)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                    ),
                ),
            ],
            options={
                "verbose_name": "views in an hour",
                "verbose_name_plural": "views by hour",
                "indexes": [
                    models.Index(fields=["hour"], name="article_views_hour_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("article", "hour"), name="article_views_hour_unique"
                    )
                ],
            },
        ),
    ]
