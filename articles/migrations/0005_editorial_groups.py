"""The newsroom's three roles as groups, each with the permissions it needs.

The group names are stable English keys (the admin shows them in Arabic).
Running it again adds what is missing and takes nothing away, so permissions
given by hand later stay. ArticleAdmin adds the rules permissions cannot say:
an author sees and edits only their own drafts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ["add", "change", "delete", "view"]
ARTICLES_MODELS = [
    "article",
    "attendee",
    "event",
    "image",
    "official",
    "officialspelling",
    "organization",
    "place",
    "position",
    "section",
    "tag",
]

GROUPS = {
    # Write articles, add the people in them and upload pictures; see (for the
    # form's choices) what they link to. Never publish.
    "Authors": [
        ("articles", "add_article"),
        ("articles", "change_article"),
        ("articles", "view_article"),
        ("articles", "add_attendee"),
        ("articles", "change_attendee"),
        ("articles", "delete_attendee"),
        ("articles", "view_attendee"),
        ("articles", "add_image"),
        ("articles", "view_image"),
        ("articles", "view_section"),
        ("articles", "view_tag"),
        ("articles", "view_event"),
        ("articles", "view_official"),
        ("articles", "view_position"),
    ],
    # Everything on the desk, and publishing.
    "Editors": [
        *[
            ("articles", f"{action}_{model}")
            for model in ARTICLES_MODELS
            for action in CRUD
        ],
        ("articles", "publish_article"),
    ],
    # The moderation queue and the site's replies (adding a comment); no article.
    "Comment moderators": [
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "add_comment"),
    ],
}


def create_groups(apps, schema_editor):
    db = schema_editor.connection.alias
    # Permissions are normally made after the last migration (post_migrate);
    # on a new database they do not exist yet at this point.
    for label in ["articles", "comments"]:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in GROUPS.items():
        permissions = [
            Permission.objects.using(db).get(
                content_type__app_label=app_label, codename=codename
            )
            for app_label, codename in wanted
        ]
        group, _created = Group.objects.using(db).get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_workflow"),
        ("comments", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back keeps the groups: their members would lose their roles.
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
