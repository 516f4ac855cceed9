"""Arabic-Indic digits typed before the input-cleaning rule converted them
(newsroom/text.py) become Western digits in the articles' stored text: tag,
place and official names, captions, titles, ledes, bodies (outside their
markup), corrections. Fields written out as they were when this migration was
written; only rows that change are written, and a name the rule would make
equal to another row's stays as it is."""

from django.db import migrations

from newsroom.cleaning import clean_stored_rows
from newsroom.text import Kind

LINE, NAME, TEXT, ADDRESS = Kind.LINE, Kind.NAME, Kind.TEXT, Kind.ADDRESS

TEXT_FIELDS = {
    "Section": {"name": NAME, "description": TEXT},
    "Tag": {"name": NAME},
    "Place": {"name": NAME},
    "Organization": {"name": NAME, "short_name": NAME},
    "Official": {"name": NAME, "bio": TEXT},
    "OfficialSpelling": {"name": NAME},
    "Position": {"title": LINE},
    "Event": {"title": LINE, "venue": LINE},
    "Article": {"title": LINE, "lede": TEXT, "body": TEXT, "source_credit": NAME},
    "Image": {"alt": LINE, "caption": LINE, "credit": LINE},
    "Attendee": {"name_as_printed": NAME, "role_as_printed": LINE},
    "AuthorProfile": {"bio": TEXT},
    "Correction": {"text": TEXT},
}


def western_digits(apps, schema_editor):
    for model_name, kinds in TEXT_FIELDS.items():
        clean_stored_rows(apps.get_model("articles", model_name), kinds)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_breaking_corrections")]

    operations = [
        migrations.RunPython(western_digits, migrations.RunPython.noop),
    ]
