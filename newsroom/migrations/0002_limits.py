# Site-wide rate limits kept in the database (newsroom/limits.py).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="RateLimit",
            fields=[
                (
                    "key",
                    models.CharField(max_length=64, primary_key=True, serialize=False),
                ),
                ("until", models.DateTimeField()),
            ],
            options={
                "verbose_name": "rate limit",
                "verbose_name_plural": "rate limits",
            },
        ),
    ]
