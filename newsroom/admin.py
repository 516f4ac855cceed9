"""Users and groups in the admin, in Arabic."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """Django stores a permission's name in English: say it in the reader's language."""
    action = permission.codename.partition("_")[0]
    model = permission.content_type.model_class()
    if action in PERMISSION_ACTIONS and model is not None:
        name = PERMISSION_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        # A model's own permissions (Meta.permissions) are named in English.
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


class TranslatedPermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in {"permissions", "user_permissions"}:
            field.label_from_instance = permission_label
        return field


def group_label(group: Group) -> str:
    """Groups made by migrations have English names: say them in Arabic."""
    return gettext(group.name)


class TranslatedGroupFilter(admin.RelatedFieldListFilter):
    def field_choices(self, field, request, model_admin):
        choices = super().field_choices(field, request, model_admin)
        return [(pk, gettext(name)) for pk, name in choices]


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(Group)
class NewsroomGroupAdmin(TranslatedPermissions, GroupAdmin):
    list_display = ["label"]

    @admin.display(description=_("name"), ordering="name")
    def label(self, group: Group) -> str:
        return group_label(group)

    def action_checkbox(self, group: Group) -> str:
        # Django names each row's checkbox after str(group), the English key.
        return super().action_checkbox(Group(pk=group.pk, name=group_label(group)))


@admin.register(User)
class NewsroomUserAdmin(TranslatedPermissions, UserAdmin):
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        ("groups", TranslatedGroupFilter),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":
            field.label_from_instance = group_label
        return field
