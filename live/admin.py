"""Live pages in the admin: a desk per page to post updates from a phone,
withdraw or restore them and end the coverage; the full form to edit one."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.forms import Media
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from newsroom.folding import ArabicSearchMixin

from .forms import QuickUpdateForm
from .models import LiveCoverage, LiveUpdate

PROSE_EDITOR_MEDIA = {
    # The body editor under the site's CSP, right to left and in Arabic.
    "css": {"all": ["admin-extra/prose-editor.css", "admin-extra/live-desk.css"]},
    "js": ["admin-extra/prose-editor.js"],
}


def desk_url(coverage: LiveCoverage) -> str:
    return reverse("admin:live_livecoverage_desk", args=[coverage.pk])


@admin.register(LiveCoverage)
class LiveCoverageAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = ["article", "started_at", "ended_at", "running", "updates", "desk"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["article__title"]
    autocomplete_fields = ["article"]
    actions = ["end_coverage"]
    date_hierarchy = "started_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(update_count=Count("updates", filter=Q(updates__withdrawn=False)))
        )

    def get_urls(self) -> list:
        return [
            path(
                "<int:pk>/desk/",
                self.admin_site.admin_view(self.desk_view),
                name="live_livecoverage_desk",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("running"), boolean=True)
    def running(self, coverage: LiveCoverage) -> bool:
        return coverage.ended_at is None

    @admin.display(description=_("updates"), ordering="update_count")
    def updates(self, coverage: LiveCoverage) -> int:
        return coverage.update_count

    @admin.display(description=_("desk"))
    def desk(self, coverage: LiveCoverage) -> str:
        return format_html(
            '<a href="{}">{}</a>', desk_url(coverage), _("Open the desk")
        )

    def response_add(
        self, request: HttpRequest, obj: LiveCoverage, *args
    ) -> HttpResponse:
        # A new live page: straight to where updates are posted.
        if "_addanother" in request.POST or "_continue" in request.POST:
            return super().response_add(request, obj, *args)
        self.message_user(request, _("The live page is open."), messages.SUCCESS)
        return HttpResponseRedirect(desk_url(obj))

    @admin.action(
        description=_("End the selected live coverages"), permissions=["change"]
    )
    def end_coverage(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.end()
        self.message_user(
            request,
            ngettext(
                "%(count)d live coverage ended.",
                "%(count)d live coverages ended.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @method_decorator(require_http_methods(["GET", "HEAD", "POST"]))
    def desk_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The live page's desk: the quick form on top, then every update."""
        coverage = get_object_or_404(
            LiveCoverage.objects.select_related("article"), pk=pk
        )
        if not self.has_view_permission(request, coverage):
            raise PermissionDenied
        can_post = request.user.has_perm("live.add_liveupdate")
        form = None
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "publish":
                if not can_post:
                    raise PermissionDenied
                form = QuickUpdateForm(request.POST, request.FILES, coverage=coverage)
                if form.is_valid():
                    form.save_as(request.user)
                    self.message_user(
                        request, _("The update is on the page."), messages.SUCCESS
                    )
                    return HttpResponseRedirect(request.path)
            elif action in {"withdraw", "restore"}:
                if not request.user.has_perm("live.change_liveupdate"):
                    raise PermissionDenied
                updates = coverage.updates.filter(pk=request.POST.get("update") or 0)
                if action == "withdraw" and updates.withdraw():
                    self.message_user(
                        request, _("The update was withdrawn."), messages.SUCCESS
                    )
                elif action == "restore" and updates.restore():
                    self.message_user(
                        request, _("The update is shown again."), messages.SUCCESS
                    )
                return HttpResponseRedirect(request.path)
            elif action == "end":
                if not self.has_change_permission(request, coverage):
                    raise PermissionDenied
                coverage.end()
                self.message_user(
                    request, _("The live coverage has ended."), messages.SUCCESS
                )
                return HttpResponseRedirect(request.path)
        if form is None and can_post and coverage.ended_at is None:
            form = QuickUpdateForm(coverage=coverage)
        media = self.media + Media(**PROSE_EDITOR_MEDIA)
        if form is not None:
            media += form.media
        context = {
            **self.admin_site.each_context(request),
            "title": _("Live desk: %(article)s") % {"article": coverage.article},
            "subtitle": None,
            "opts": self.model._meta,
            "coverage": coverage,
            "form": form,
            "media": media,
            "updates": coverage.updates.select_related("photo", "author"),
            "can_change_updates": request.user.has_perm("live.change_liveupdate"),
            "can_end": self.has_change_permission(request, coverage),
            "reader_url": coverage.article.get_absolute_url(),
        }
        return TemplateResponse(request, "admin/live/desk.html", context)


@admin.register(LiveUpdate)
class LiveUpdateAdmin(ArabicSearchMixin, admin.ModelAdmin):
    """One update's full form: every field, the photo chosen among the images."""

    list_display = ["__str__", "coverage", "published_at", "key_event", "withdrawn"]
    list_filter = ["key_event", "withdrawn"]
    list_select_related = ["coverage__article"]
    search_fields = ["title", "body", "coverage__article__title"]
    autocomplete_fields = ["photo"]
    fields = [
        "coverage",
        "title",
        "body",
        "photo",
        "key_event",
        "published_at",
        "withdrawn",
    ]
    actions = ["withdraw", "restore"]

    class Media:
        css = PROSE_EDITOR_MEDIA["css"]
        js = PROSE_EDITOR_MEDIA["js"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Updates are posted from their live page's desk.
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return ["coverage"] if obj is not None else []

    def response_change(self, request: HttpRequest, obj: LiveUpdate) -> HttpResponse:
        if "_continue" in request.POST:
            return super().response_change(request, obj)
        self.message_user(request, _("The update was changed."), messages.SUCCESS)
        return HttpResponseRedirect(desk_url(obj.coverage))

    @admin.action(
        description=_("Withdraw the selected updates"), permissions=["change"]
    )
    def withdraw(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.withdraw()
        self.message_user(
            request,
            ngettext(
                "%(count)d update withdrawn.", "%(count)d updates withdrawn.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Show the selected updates again"), permissions=["change"]
    )
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.restore()
        self.message_user(
            request,
            ngettext(
                "%(count)d update shown again.", "%(count)d updates shown again.", count
            )
            % {"count": count},
            messages.SUCCESS,
        )
