"""The input-cleaning rule (newsroom/text.py) applied to articles' text already
stored: controls, noncharacters, bidi and zero-width characters removed.

The fields and how each is cleaned are written out as they were when this
migration was written; rows are read in chunks and only those that change are
written. Text the rule would make equal to another row's unique name or slug
stays as it is (the feeds and sitemaps make it safe on output).
"""

from django.db import migrations

from newsroom.cleaning import clean_stored_rows
from newsroom.text import Kind

LINE, NAME, TEXT, ADDRESS = Kind.LINE, Kind.NAME, Kind.TEXT, Kind.ADDRESS

TEXT_FIELDS = {
    "Section": {"name": NAME, "slug": ADDRESS, "description": TEXT},
    "Tag": {"name": NAME, "slug": ADDRESS},
    "Place": {"name": NAME},
    "Organization": {"name": NAME, "short_name": NAME},
    "Official": {
        "name": NAME,
        "slug": ADDRESS,
        "name_key": NAME,
        "search_text": TEXT,
        "bio": TEXT,
    },
    "OfficialSpelling": {"name": NAME, "key": NAME},
    "Position": {"title": LINE},
    "Event": {"title": LINE, "venue": LINE},
    "Article": {
        "title": LINE,
        "slug": ADDRESS,
        "lede": TEXT,
        "body": TEXT,
        "search_text": TEXT,
    },
    "Image": {"alt": LINE, "caption": LINE, "credit": LINE},
    "Attendee": {"name_as_printed": NAME, "role_as_printed": LINE},
}


def clean_stored_text(apps, schema_editor):
    for model_name, kinds in TEXT_FIELDS.items():
        clean_stored_rows(apps.get_model("articles", model_name), kinds)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_suffixes")]

    operations = [
        migrations.RunPython(clean_stored_text, migrations.RunPython.noop),
    ]
