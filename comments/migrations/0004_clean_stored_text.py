# Placeholder: the input-cleaning rule applied to comments already stored.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_moderation_digest")]

    operations = []
