"""Editors run live pages: every permission on them and their updates. Authors
may post and edit updates, not start or end a coverage. Running it again adds
what is missing and takes nothing away."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ["add", "change", "delete", "view"]
GROUPS = {
    "Editors": [
        f"{action}_{model}" for model in ["livecoverage", "liveupdate"] for action in CRUD
    ],
    "Authors": ["view_livecoverage", "add_liveupdate", "change_liveupdate", "view_liveupdate"],
}


def give_permissions(apps, schema_editor):
    db = schema_editor.connection.alias
    # On a new database the permissions are made after the last migration.
    app_config = apps.get_app_config("live")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=db)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.using(db).filter(
                content_type__app_label="live", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("articles", "0005_editorial_groups"),
    ]

    operations = [migrations.RunPython(give_permissions, migrations.RunPython.noop)]
