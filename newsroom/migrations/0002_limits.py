# Placeholder: site-wide rate limits kept in the database.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = []
