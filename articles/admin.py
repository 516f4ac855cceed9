"""The editors' home: the article desk (roles, workflow, revisions, preview) and
the admin for sections, tags, places, organizations, officials, events and images."""

from __future__ import annotations

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from newsroom.collation import collated
from newsroom.folding import ArabicSearchMixin

from . import breaking, corrections, images, preview, search, workflow
from .forms import ImageForm
from .models import (
    Article,
    Attendee,
    AuthorProfile,
    Correction,
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

logger = logging.getLogger(__name__)


@admin.register(Section)
class SectionAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__name"]
    autocomplete_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(ArabicSearchMixin, admin.ModelAdmin):
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


class FoldedSearchMixin:
    """The admin's search also folds Arabic as the site's does: احمد finds أحمد."""

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        terms = search.query_terms(search_term, min_length=1)
        if not terms:
            return super().get_search_results(request, queryset, search_term)
        # Django's search by `search_fields`, as typed, or the folded search text;
        # as subqueries, so no join repeats a row.
        typed, _ = super().get_search_results(
            request, self.model._default_manager.all(), search_term
        )
        found = Q(pk__in=typed.values("pk")) | search.contains_all(terms)
        return queryset.filter(found), False


# Set on a request whose upload the media storage refused (see UploadsMixin).
_STORAGE_REFUSAL = "_articles_storage_refusal"


class UploadsMixin:
    """Uploads and rows succeed or fail together, and a media folder that refuses
    a file (a full disk, a read-only folder) is an error on the form's file field,
    not a 500."""

    def changeform_view(
        self, request: HttpRequest, object_id=None, form_url="", extra_context=None
    ) -> HttpResponse:
        try:
            # The admin saves in a transaction: when it fails, so do the files
            # it stored (the original, its renditions).
            with images.files_undone_on_error():
                return super().changeform_view(
                    request, object_id, form_url, extra_context
                )
        except OSError as error:
            message = images.storage_error_message(error)
            if message is None or request.method != "POST":
                raise
            logger.error("The media storage refused an upload: %s", error)
            # Nothing was kept: the same request again shows the form, with
            # what the editor typed and the reason on the file field.
            setattr(request, _STORAGE_REFUSAL, message)
            for _name, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)  # read once already, by the failed save
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        message = getattr(request, _STORAGE_REFUSAL, None)
        if message is None:
            return form

        class RefusedUpload(form):
            def clean(self):
                cleaned = super().clean()
                for name in [n for n in self.files if n in self.fields] or [None]:
                    self.add_error(name, message)
                return cleaned

        return RefusedUpload


@admin.register(Official)
class OfficialAdmin(UploadsMixin, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "appearance_count", "created_at"]
    ordering = [collated("name"), "pk"]
    search_fields = ["name", "spellings__name", "positions__title", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OfficialSpellingInline, PositionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(Count("appearances"))

    @admin.display(description=_("articles"), ordering="appearances__count")
    def appearance_count(self, official: Official) -> int:
        return official.appearances__count


def newsroom_users() -> QuerySet:
    """The newsroom and past writers: the people a byline may name."""
    users = get_user_model().objects
    return (
        users.filter(Q(is_staff=True) | Q(articles__isnull=False))
        .distinct()
        .order_by(get_user_model().USERNAME_FIELD)
    )


@admin.register(AuthorProfile)
class AuthorProfileAdmin(ArabicSearchMixin, UploadsMixin, admin.ModelAdmin):
    """What a writer's public page shows besides the full name."""

    list_display = ["__str__", "has_photo"]
    list_select_related = ["user"]
    search_fields = ["user__first_name", "user__last_name", "bio"]
    fields = ["user", "photo", "bio"]

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, profile: AuthorProfile) -> bool:
        return bool(profile.photo)

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = newsroom_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SuggestingInput(forms.TextInput):
    """A text input offering suggestions (an HTML datalist); any text is accepted."""

    def __init__(self, suggestions: tuple[str, ...], attrs=None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{name}-suggestions"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}">', ((s,) for s in self.suggestions)
        )
        return html + format_html('<datalist id="{}">{}</datalist>', list_id, options)


@admin.register(Position)
class PositionAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = ["official", "title", "organization", "start_date", "end_date"]
    list_filter = ["organization__kind"]
    list_select_related = ["official", "organization"]
    search_fields = ["title", "official__name", "organization__name"]
    autocomplete_fields = ["official", "organization"]


@admin.register(Event)
class EventAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = ["title", "date", "place", "organizer", "presided_by"]
    list_select_related = ["place", "organizer", "presided_by"]
    search_fields = ["title", "venue", "place__name", "organizer__name"]
    autocomplete_fields = ["place", "organizer", "presided_by"]
    date_hierarchy = "date"


@admin.register(Image)
class ImageAdmin(ArabicSearchMixin, UploadsMixin, admin.ModelAdmin):
    form = ImageForm
    list_display = [
        "thumbnail",
        "alt",
        "caption",
        "credit",
        "dimensions",
        "uploaded_by",
        "created_at",
    ]
    list_display_links = ["thumbnail", "alt"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt", "caption", "credit"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "preview",
        "body_address",
        "body_html",
        "dimensions",
        "uploaded_by",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt", "caption", "credit"]}),
        (
            _("In the article body"),
            {
                "fields": ["body_address", "body_html"],
                "description": _(
                    "To show this image inside an article, paste its address into "
                    "the image dialog of the body editor."
                ),
            },
        ),
        (_("File"), {"fields": ["dimensions", "uploaded_by", "created_at"]}),
    ]

    @admin.display(description=_("Preview"))
    def thumbnail(self, image: Image) -> str:
        return self._img(image, 96, 72)

    @admin.display(description=_("Preview"))
    def preview(self, image: Image) -> str:
        return self._img(image, 320, 240)

    @admin.display(description=_("Size in pixels"))
    def dimensions(self, image: Image) -> str:
        if not image.width:
            return "—"
        # Width first, read left to right as image tools print it.
        return format_html('<bdi dir="ltr">{}×{}</bdi>', image.width, image.height)

    @admin.display(description=_("Address"))
    def body_address(self, image: Image) -> str:
        if not image.pk:
            return _("Save the image to get its address.")
        return format_html(
            '<input type="text" class="vLargeTextField" dir="ltr" readonly value="{}" '
            'aria-label="{}">',
            image.src_for(1200),
            _("Address"),
        )

    @admin.display(description=_("Code to paste"))
    def body_html(self, image: Image) -> str:
        if not image.pk:
            return "—"
        snippet = format_html(
            '<img src="{}" alt="{}" width="{}" height="{}">',
            image.src_for(1200),
            image.alt,
            image.width,
            image.height,
        )
        return format_html(
            '<textarea class="vLargeTextField" dir="ltr" rows="2" readonly '
            'aria-label="{}">{}</textarea>',
            _("Code to paste"),
            # Shown as text to copy, not as a picture.
            escape(snippet),
        )

    def save_model(self, request: HttpRequest, obj: Image, form, change: bool) -> None:
        if not change or "file" in form.changed_data:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        obj.make_renditions()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        # One by one, so each image's files leave the storage with it.
        for image in queryset:
            image.delete()

    @staticmethod
    def _img(image: Image, box_width: int, box_height: int) -> str:
        """The picture scaled to fit the box, from its smallest good rendition."""
        if not image.file or not image.width or not image.height:
            return "—"
        scale = min(box_width / image.width, box_height / image.height)
        width = max(1, round(image.width * scale))
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" loading="lazy">',
            # Twice the shown width: sharp on a high-density screen.
            image.src_for(2 * width),
            width,
            max(1, round(image.height * scale)),
        )


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


class CorrectionInline(admin.TabularInline):
    """An article's corrections and updates: added here, never changed or deleted
    here (withdrawn, with a reason, from the note's own page)."""

    model = Correction
    extra = 0
    fields = ["kind", "text", "published_at", "created_by", "withdrawn_at"]
    readonly_fields = ["published_at", "created_by", "withdrawn_at"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return workflow.can_publish(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return workflow.can_publish(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Existing notes are shown read-only: a note's text is not rewritten.
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


SUBMIT = "_submit_for_review"


class CompareForm(forms.Form):
    """Two versions of one article, chosen on its history page."""

    old = forms.ModelChoiceField(queryset=Version.objects.none())
    new = forms.ModelChoiceField(queryset=Version.objects.none())

    def __init__(self, *args, versions: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old"].queryset = versions
        self.fields["new"].queryset = versions


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, VersionAdmin):
    """The desk: writers' drafts, editors' publishing, every save a revision.

    The rules are in workflow.py; they are applied here to the querysets and
    to every view, so what a user is not offered they cannot post either.
    """

    list_display = [
        "title",
        "status_label",
        "section",
        "published_at",
        "view_count",
        "comment_count",
    ]
    list_filter = ["status", "section", "comments_enabled", "tags"]
    list_select_related = ["section", "author"]
    search_fields = ["title", "lede", "attendees__name_as_printed"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "tags", "event", "featured_image"]
    readonly_fields = ["reading_figures", "view_count", "created_at", "updated_at"]
    inlines = [AttendeeInline]
    actions = [
        "submit_for_review",
        "publish",
        "unpublish",
        "return_to_draft",
        "mark_breaking",
        "end_breaking",
    ]
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        # The body editor under the site's CSP, right to left and in Arabic.
        css = {"all": ["admin-extra/prose-editor.css"]}
        js = ["admin-extra/prose-editor.js", "admin-extra/video-button.js"]

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
                    "reading_figures",
                    "tags",
                ]
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "author",
                    "source_credit",
                    "comments_enabled",
                    "breaking_until",
                    "content_updated_at",
                ]
            },
        ),
        (_("Event"), {"fields": ["event"]}),
        (_("Figures"), {"fields": ["view_count", "created_at", "updated_at"]}),
    ]

    # --- who sees and changes what ------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        articles = super().get_queryset(request)
        return workflow.visible_to(request.user, articles)

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Article | None:
        article = super().get_object(request, object_id, from_field)
        if (
            article is None
            and from_field is None
            and str(object_id).isdigit()
            and not workflow.can_publish(request.user)
            and Article.objects.filter(pk=object_id).exists()
        ):
            # Another writer's article: refused, not reported as deleted.
            raise PermissionDenied
        return article

    def has_view_permission(
        self, request: HttpRequest, obj: Article | None = None
    ) -> bool:
        return super().has_view_permission(request, obj) and (
            obj is None
            or workflow.can_publish(request.user)
            or obj.author_id == request.user.pk
        )

    def has_change_permission(
        self, request: HttpRequest, obj: Article | None = None
    ) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return workflow.may_edit(request.user, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: Article | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or workflow.can_publish(request.user)
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return workflow.can_publish(request.user)

    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        if workflow.can_publish(request.user):
            columns.insert(2, "author")
        return columns

    def get_readonly_fields(
        self, request: HttpRequest, obj: Article | None = None
    ) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), "content_updated_at"]
        if not workflow.can_publish(request.user):
            # Publishing, its date and the byline are the editors'.
            fields += ["status", "published_at", "author", "breaking_until"]
        return fields

    def get_inlines(self, request: HttpRequest, obj: Article | None) -> list:
        inlines = list(super().get_inlines(request, obj))
        # Notes are added to what readers can already read.
        if obj is not None and obj.is_published():
            inlines.append(CorrectionInline)
        return inlines

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "author":
            # The newsroom and past writers: a short list, which needs no access
            # to the users' admin (an autocomplete would).
            kwargs["queryset"] = newsroom_users()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "source_credit":
            kwargs["widget"] = SuggestingInput(Article.SOURCE_CREDIT_SUGGESTIONS)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

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

    @admin.display(description=_("length"))
    def reading_figures(self, article: Article) -> str:
        """Word count and reading time of the body as last saved."""
        if not article.body:
            return self.get_empty_value_display()
        words, minutes = article.word_count, article.reading_minutes
        return "{} · {}".format(
            ngettext("%(counter)s word", "%(counter)s words", words)
            % {"counter": words},
            ngettext("%(counter)s minute read", "%(counter)s minutes read", minutes)
            % {"counter": minutes},
        )

    # --- saving ---------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool):
        if not change and obj.author_id is None:
            obj.author = request.user
        if change:
            obj.note_content_change(Article.objects.get(pk=obj.pk))
        if SUBMIT in request.POST and obj.status == Article.Status.DRAFT:
            obj.status = Article.Status.REVIEW
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Correction:
            # Through the one service: revision, and the article's date moves.
            for note in formset.save(commit=False):
                corrections.publish(note, by=request.user)
            return
        for attendee in formset.save(commit=False):
            attendee.link_official()
            attendee.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def construct_change_message(self, request, form, formsets, add=False) -> list:
        message = super().construct_change_message(request, form, formsets, add)
        # Django stores the changed fields' form labels in English ("Title"),
        # translated when shown; the catalogue has the verbose names ("title").
        with translation.override(None):
            names = {
                str(capfirst(field.verbose_name)): str(field.verbose_name)
                for model in (Article, Attendee)
                for field in [*model._meta.fields, *model._meta.many_to_many]
            }
        for entry in message:
            if "changed" in entry:
                fields = entry["changed"]["fields"]
                entry["changed"]["fields"] = [names.get(f, f) for f in fields]
        if (
            SUBMIT in request.POST
            and form.instance.status == Article.Status.REVIEW
            and "status" not in form.changed_data
        ):
            message.append({"changed": {"fields": [names["Status"]]}})
        return message

    def response_add(self, request: HttpRequest, obj: Article, *args, **kwargs):
        self._say_if_submitted(request, obj)
        return super().response_add(request, obj, *args, **kwargs)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        self._say_if_submitted(request, obj)
        return super().response_change(request, obj)

    def _say_if_submitted(self, request: HttpRequest, obj: Article) -> None:
        if SUBMIT in request.POST and obj.status == Article.Status.REVIEW:
            self.message_user(
                request,
                _("Submitted for review: an editor will read it before publishing."),
                messages.SUCCESS,
            )

    # --- moves between statuses (workflow.py) ---------------------------------

    @admin.action(
        description=_("Submit the selected drafts for review"),
        permissions=["change"],
    )
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        # The queryset holds only what the user may see: a writer's own articles.
        count = workflow.submit_for_review(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Publish the selected articles"), permissions=["publish"]
    )
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = workflow.publish(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article published.", "%(count)d articles published.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish the selected articles"), permissions=["publish"]
    )
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = workflow.unpublish(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article unpublished.",
                "%(count)d articles unpublished.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Return the selected articles to draft"),
        permissions=["publish"],
    )
    def return_to_draft(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = workflow.return_to_draft(queryset, by=request.user)
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

    @admin.action(
        description=_("Mark the selected articles as breaking news (3 hours)"),
        permissions=["publish"],
    )
    def mark_breaking(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = breaking.mark(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article marked as breaking news.",
                "%(count)d articles marked as breaking news.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(
        description=_("End breaking news for the selected articles"),
        permissions=["publish"],
    )
    def end_breaking(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = breaking.end(queryset, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Breaking news ended for %(count)d article.",
                "Breaking news ended for %(count)d articles.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # --- the form's buttons, preview, history ----------------------------------

    def get_urls(self) -> list:
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name=f"{info}_preview"),
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name=f"{info}_preview",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{info}_compare",
            ),
            *super().get_urls(),
        ]

    def _url(self, name: str, *args) -> str:
        opts = self.opts
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}",
            args=args,
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # Reversion's restore pages render this form too: no buttons there.
        editable = add or self.has_change_permission(request, obj)
        if editable and not (context.get("revert") or context.get("recover")):
            context["preview_url"] = self._url("preview", *([obj.pk] if obj else []))
            context["may_submit_for_review"] = not workflow.can_publish(
                request.user
            ) and (obj is None or obj.status == Article.Status.DRAFT)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        context = {"may_recover": self.has_delete_permission(request)}
        return super().changelist_view(request, context | (extra_context or {}))

    def preview_view(
        self, request: HttpRequest, object_id: str | None = None
    ) -> HttpResponse:
        return preview.preview_edits(self, request, object_id)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        """Every saved version, newest first, to compare two or restore one."""
        versions = (
            Version.objects.get_for_object_reference(Article, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )
        context = {
            "action_list": [
                {
                    "version": version,
                    "revision": version.revision,
                    "url": self._url("revision", quote(version.object_id), version.pk),
                }
                for version in versions
            ],
            "compare_url": self._url("compare", quote(unquote(object_id))),
            "may_restore": self.has_publish_permission(request)
            and self.has_change_permission(request),
            **(extra_context or {}),
        }
        # Django's own view checks the article and the permissions; reversion's
        # would list the versions a second time.
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """What changed between two versions, field by field."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        history_url = self._url("history", quote(article.pk))
        versions = Version.objects.get_for_object(article).select_related(
            "revision__user"
        )
        form = CompareForm(request.GET, versions=versions)
        if not form.is_valid():
            self.message_user(
                request, _("Choose two versions to compare."), messages.WARNING
            )
            return HttpResponseRedirect(history_url)
        old, new = sorted(form.cleaned_data.values(), key=lambda version: version.pk)
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "object": article,
                "title": _("Compare two versions"),
                "old": old,
                "new": new,
                "changes": workflow.compare_versions(old, new),
                "history_url": history_url,
            },
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring is the editors': a writer could otherwise bring back a
        # published version, or reopen an article that is in review.
        if not (
            self.has_publish_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        if request.method != "POST":
            return super().revision_view(request, object_id, version_id, extra_context)
        # Views and comments are readers' doing, not part of a version: restoring
        # keeps today's counts. Locked, so a comment approved meanwhile waits and
        # then counts.
        with transaction.atomic():
            articles = Article.objects.filter(pk=unquote(object_id))
            counters = (
                articles.select_for_update().values(*Article.READER_COUNTERS).first()
            )
            response = super().revision_view(
                request, object_id, version_id, extra_context
            )
            if counters:
                articles.update(**counters)
        return response

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        response = super().recover_view(request, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            # Its comments went with the deleted article: none to count.
            version = Version.objects.filter(pk=version_id).first()
            if version is not None:
                Article.objects.filter(pk=version.object_id).update(comment_count=0)
        return response


@admin.register(Correction)
class CorrectionAdmin(ArabicSearchMixin, admin.ModelAdmin):
    """Corrections and updates: added by editors, withdrawn with a reason, never
    deleted. The service (corrections.py) writes the history of each step."""

    list_display = [
        "article",
        "kind",
        "published_at",
        "created_by",
        "withdrawn_at",
    ]
    list_filter = ["kind", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["article"]
    fields = [
        "article",
        "kind",
        "text",
        "published_at",
        "created_by",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_reason",
    ]
    WRITTEN = ["published_at", "created_by", "withdrawn_at", "withdrawn_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return workflow.can_publish(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return workflow.can_publish(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Changing a note means withdrawing it; a withdrawn note stays as it is.
        return workflow.can_publish(request.user) and not (
            obj is not None and obj.is_withdrawn()
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is None:
            return [*self.WRITTEN, "withdrawal_reason"]
        # Published: only the reason for withdrawing it can be written.
        return ["article", "kind", "text", *self.WRITTEN]

    def save_model(self, request: HttpRequest, obj: Correction, form, change: bool):
        if not change:
            corrections.publish(obj, by=request.user)
        elif "withdrawal_reason" in form.changed_data and obj.withdrawal_reason:
            corrections.withdraw(obj, reason=obj.withdrawal_reason, by=request.user)

    # The service logged what happened, with the reason: no second entry.
    def log_addition(self, request, obj, message):
        return None

    def log_change(self, request, obj, message):
        return None
