# Placeholder: the input-cleaning rule applied to articles' text already stored.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_suffixes")]

    operations = []
