"""The `arabic` collation on PostgreSQL (newsroom/collation.py): ICU's rules
for Moroccan Arabic. SQLite gets its own on every connection instead."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS arabic (provider = icu, locale = 'ar-MA')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS arabic")


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0004_hijri_calendar")]

    operations = [migrations.RunPython(create, drop)]
