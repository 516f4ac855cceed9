# Placeholder: address keys that cannot overflow or collide.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("comments", "0004_clean_stored_text")]

    operations = []
