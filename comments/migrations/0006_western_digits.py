"""Arabic-Indic digits in comments already stored become Western digits, as
the input-cleaning rule (newsroom/text.py) now writes them: names and bodies;
addresses are left as they are. Only rows that change are written, without
`save()`: no status and no count moves."""

from django.db import migrations

from newsroom.cleaning import clean_stored_rows
from newsroom.text import Kind


def western_digits(apps, schema_editor):
    clean_stored_rows(
        apps.get_model("comments", "Comment"),
        {"name": Kind.NAME, "body": Kind.TEXT},
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_address_keys")]

    operations = [
        migrations.RunPython(western_digits, migrations.RunPython.noop),
    ]
