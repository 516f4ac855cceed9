"""The input-cleaning rule (newsroom/text.py) applied to comments already
stored: controls, noncharacters, bidi and zero-width characters removed.

The fields and how each is cleaned are written out as they were when this
migration was written; rows are read in chunks and only those that change are
written, without `save()`: no status and no count moves. A comment's keys
are left to the next migration, which recomputes them from the cleaned
addresses; a commenter's key is the address it proved, cleaned like one.
"""

from django.db import migrations

from newsroom.cleaning import clean_stored_rows
from newsroom.text import Kind

TEXT_FIELDS = {
    "Comment": {
        "name": Kind.NAME,
        "email": Kind.ADDRESS,
        "url": Kind.ADDRESS,
        "body": Kind.TEXT,
        "user_agent": Kind.LINE,
    },
    "Commenter": {"email_key": Kind.ADDRESS},
}


def clean_stored_text(apps, schema_editor):
    for model_name, kinds in TEXT_FIELDS.items():
        clean_stored_rows(apps.get_model("comments", model_name), kinds)


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_moderation_digest")]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop),
    ]
