from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import (
    Article,
    Attendee,
    Event,
    Image,
    Official,
    OfficialSpelling,
    Organization,
    Place,
    Position,
    Section,
    Tag,
)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__name"]
    autocomplete_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "place"]
    list_filter = ["kind"]
    list_select_related = ["parent", "place"]
    search_fields = ["name", "short_name", "parent__name"]
    autocomplete_fields = ["parent", "place"]


class OfficialSpellingInline(admin.TabularInline):
    model = OfficialSpelling
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["organization"]
    fields = [
        "title",
        "organization",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
    ]


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["name", "appearance_count", "created_at"]
    ordering = ["name", "pk"]
    search_fields = ["name", "spellings__name", "positions__title", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficialSpellingInline, PositionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(Count("appearances"))

    @admin.display(description=_("articles"), ordering="appearances__count")
    def appearance_count(self, official: Official) -> int:
        return official.appearances__count


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["official", "title", "organization", "start_date", "end_date"]
    list_filter = ["organization__kind"]
    list_select_related = ["official", "organization"]
    search_fields = ["title", "official__name", "organization__name"]
    autocomplete_fields = ["official", "organization"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "place", "organizer", "presided_by"]
    list_select_related = ["place", "organizer", "presided_by"]
    search_fields = ["title", "venue", "place__name", "organizer__name"]
    autocomplete_fields = ["place", "organizer", "presided_by"]
    date_hierarchy = "date"


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["alt", "caption", "credit", "width", "height", "created_at"]
    search_fields = ["alt", "caption", "credit"]
    readonly_fields = ["width", "height", "uploaded_by", "created_at"]


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 1
    autocomplete_fields = ["official", "position"]
    fields = [
        "order",
        "official",
        "name_as_printed",
        "role_as_printed",
        "participation",
        "position",
    ]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status_label",
        "section",
        "published_at",
        "view_count",
        "comment_count",
    ]
    list_filter = ["status", "section", "comments_enabled", "tags"]
    list_select_related = ["section"]
    search_fields = ["title", "lede", "attendees__name_as_printed"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "tags", "event", "author", "featured_image"]
    readonly_fields = ["view_count", "created_at", "updated_at"]
    inlines = [AttendeeInline]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "section",
                    "lede",
                    "featured_image",
                    "body",
                    "tags",
                ]
            },
        ),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "author", "comments_enabled"]},
        ),
        (_("Event"), {"fields": ["event"]}),
        (_("Figures"), {"fields": ["view_count", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_comment_count()

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {
            "author": request.user.pk,
            **super().get_changeform_initial_data(request),
        }

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article: Article) -> str:
        if article.is_scheduled():
            return _("Scheduled")
        return article.get_status_display()

    @admin.display(description=_("comments"), ordering="comment_count")
    def comment_count(self, article: Article) -> int:
        return article.comment_count

    def save_formset(self, request, form, formset, change) -> None:
        # A name typed without choosing an official is linked when it matches
        # exactly one official's name or other spelling; otherwise kept as typed.
        for attendee in formset.save(commit=False):
            if attendee.official_id is None:
                attendee.official = attendee.matching_official()
            attendee.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    @admin.action(description=_("Publish the selected articles"))
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.publish()
        self.message_user(
            request,
            ngettext(
                "%(count)d article published.", "%(count)d articles published.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected articles"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.unpublish()
        self.message_user(
            request,
            ngettext(
                "%(count)d article returned to drafts.",
                "%(count)d articles returned to drafts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
