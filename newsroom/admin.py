"""Users, groups and the background tasks in the admin, in Arabic."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult, get_date_max

from .folding import ArabicSearchMixin
from .models import BackgroundTask, HijriCalendar

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
            # The task queue's own model is seen through BackgroundTask, whose
            # permissions are the ones to give; login attempts and two-step
            # devices have no admin pages, so permissions on them give nothing.
            field.queryset = field.queryset.exclude(
                content_type__app_label__in=[
                    DBTaskResult._meta.app_label,
                    AccessAttempt._meta.app_label,
                    TOTPDevice._meta.app_label,
                ]
            )
        return field


def group_label(group: Group) -> str:
    """Groups made by migrations have English names: say them in Arabic."""
    return gettext(group.name)


# The names stay the keys the code and migrations look groups up by; wherever
# the admin prints a group (titles, breadcrumbs, the delete confirmation, the
# history), it reads str(): Arabic.
Group.__str__ = group_label


def without_link_rows(get_deleted_objects):
    """The delete confirmation without the rows of many-to-many links.

    Deleting a tag also deletes its links to articles; Django lists each as
    "Article-tag relationship: Article_tags object (1)", in English whatever
    the language (the link models have no name of their own). The editor
    deletes the tag, not the links: they are left out of the list and counts.
    """

    def wrapper(self, objs, request):
        to_delete, model_count, perms_needed, protected = get_deleted_objects(
            self, objs, request
        )
        links = {
            model._meta
            for model in apps.get_models(include_auto_created=True)
            if model._meta.auto_created
        }
        prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in links)
        plurals = {str(opts.verbose_name_plural) for opts in links}

        def kept(items: list) -> list:
            rows = [
                kept(item) if isinstance(item, list) else item
                for item in items
                if isinstance(item, list) or not str(item).startswith(prefixes)
            ]
            return [row for row in rows if row != []]

        model_count = {
            name: count
            for name, count in model_count.items()
            if str(name) not in plurals
        }
        return kept(to_delete), model_count, perms_needed, protected

    return wrapper


admin.ModelAdmin.get_deleted_objects = without_link_rows(
    admin.ModelAdmin.get_deleted_objects
)


admin.site.unregister(Group)
# Each staff member sets up two-step sign-in on their own page
# (newsroom/accounts.py); django-otp's list of every device stays hidden.
admin.site.unregister(TOTPDevice)
admin.site.unregister(User)


@admin.register(Group)
class NewsroomGroupAdmin(ArabicSearchMixin, TranslatedPermissions, GroupAdmin):
    list_display = ["label"]

    @admin.display(description=_("name"), ordering="name")
    def label(self, group: Group) -> str:
        return group_label(group)


@admin.register(User)
class NewsroomUserAdmin(ArabicSearchMixin, TranslatedPermissions, UserAdmin):
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "groups",
    ]


# The library's own admin speaks English, under an app of its own.
admin.site.unregister(DBTaskResult)


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    """The queue, to look at: what waits, what failed and why. Workers write it."""

    list_display = ["name", "status", "attempts", "enqueued", "next_try", "finished"]
    list_filter = ["status"]
    search_fields = ["task_path"]
    ordering = ["-enqueued_at"]
    fields = [
        "name",
        "status",
        "attempts",
        "enqueued",
        "next_try",
        "finished",
        "arguments",
        "error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: BackgroundTask | None = None
    ) -> bool:
        return False

    @admin.display(description=_("task"), ordering="task_path")
    def name(self, obj: BackgroundTask) -> str:
        return obj.task_name

    @admin.display(description=_("attempts"))
    def attempts(self, obj: BackgroundTask) -> int:
        return len(obj.worker_ids)

    @admin.display(description=_("enqueued at"), ordering="enqueued_at")
    def enqueued(self, obj: BackgroundTask):
        return obj.enqueued_at

    @admin.display(description=_("run after"), ordering="run_after")
    def next_try(self, obj: BackgroundTask):
        # A task for "as soon as possible" is stored with the largest date.
        return None if obj.run_after == get_date_max() else obj.run_after

    @admin.display(description=_("finished at"), ordering="finished_at")
    def finished(self, obj: BackgroundTask):
        return obj.finished_at

    @admin.display(description=_("arguments"))
    def arguments(self, obj: BackgroundTask) -> str:
        return format_html("<pre>{}</pre>", obj.args_kwargs)

    @admin.display(description=_("traceback"))
    def error(self, obj: BackgroundTask) -> str:
        # Kept while a failed task waits for its next try, and once it failed.
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else ""


@admin.register(HijriCalendar)
class HijriCalendarAdmin(admin.ModelAdmin):
    """One row (HijriCalendar.save): the day offset of the Hijri date in datelines."""

    list_display = ["__str__", "day_offset"]

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
