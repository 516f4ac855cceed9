"""The moderation queue, the site's replies and the privacy tools, in the admin.

Every change of status goes through comments.moderation, as in the management
commands and the tests.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Max, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from newsroom.cleaning import CleanInputForm
from newsroom.folding import ArabicSearchMixin

from .models import Comment
from .moderation import set_status, staff_reply
from .privacy import erase_commenter, export_comments

Status = Comment.Status
BOTH_PLACES = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]

# The per-row buttons each status offers: (new status, label).
ROW_ACTIONS = {
    Status.PENDING: [
        (Status.APPROVED, _("Approve")),
        (Status.SPAM, _("Mark as spam")),
        (Status.TRASH, _("Move to the trash")),
    ],
    Status.APPROVED: [
        (Status.SPAM, _("Mark as spam")),
        (Status.TRASH, _("Move to the trash")),
    ],
    Status.SPAM: [
        (Status.PENDING, _("Restore")),
        (Status.TRASH, _("Move to the trash")),
    ],
    Status.TRASH: [(Status.PENDING, _("Restore"))],
}


def moderated_message(status: str, count: int) -> str:
    """What the moderator is told after a change of status."""
    if status == Status.APPROVED:
        text = ngettext(
            "%(count)d comment approved.", "%(count)d comments approved.", count
        )
    elif status == Status.SPAM:
        text = ngettext(
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
            count,
        )
    elif status == Status.TRASH:
        text = ngettext(
            "%(count)d comment moved to the trash.",
            "%(count)d comments moved to the trash.",
            count,
        )
    else:
        text = ngettext(
            "%(count)d comment restored to the queue.",
            "%(count)d comments restored to the queue.",
            count,
        )
    return text % {"count": count}


class ArticleWithCommentsFilter(admin.SimpleListFilter):
    """The articles most recently commented on, not every article ever written."""

    title = _("article")
    parameter_name = "article"
    limit = 20

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        articles = list(
            Article.objects.filter(comments__isnull=False)
            .annotate(last_comment=Max("comments__created_at"))
            .order_by("-last_comment")
            .values_list("pk", "title")[: self.limit]
        )
        # An article reached from a link stays listed, chosen, when it is older.
        chosen = self.value()
        if (
            chosen
            and chosen.isdigit()
            and int(chosen) not in {pk for pk, _title in articles}
        ):
            articles += Article.objects.filter(pk=chosen).values_list("pk", "title")
        return [(str(pk), Truncator(title).chars(60)) for pk, title in articles]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(article_id=value)
        return queryset


class StaffReplyForm(CleanInputForm, forms.ModelForm):
    """The site's reply: the comment it answers and the text, nothing else."""

    class Meta:
        model = Comment
        fields = ["parent", "body"]
        labels = {"parent": _("In reply to"), "body": _("Reply")}
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "dir": "auto"})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].required = True
        self.fields["body"].required = True

    def clean_parent(self) -> Comment:
        parent = self.cleaned_data["parent"]
        if parent.status != Status.APPROVED:
            raise forms.ValidationError(
                _("Approve this comment before replying to it."), code="not_approved"
            )
        if parent.thread_is_full:
            raise forms.ValidationError(
                _("This conversation is too deep to reply to here."), code="too_deep"
            )
        return parent

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Please write your reply."), code="required")
        return body


class AddressForm(CleanInputForm, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )


class EraseForm(AddressForm):
    text = forms.ChoiceField(
        label=_("The text of the comments"),
        choices=[
            ("keep", _("Keep it, without the commenter's name")),
            ("delete", _("Delete it too")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget = forms.HiddenInput()
        self.fields["text"].initial = (
            "delete" if settings.COMMENTS_ERASE_TEXT else "keep"
        )


@admin.register(Comment)
class CommentAdmin(ArabicSearchMixin, admin.ModelAdmin):
    list_display = [
        "excerpt",
        "commenter",
        "article_link",
        "status",
        "created_at",
        "moderation",
    ]
    list_filter = ["status", ArticleWithCommentsFilter]
    list_select_related = ["article", "user"]
    search_fields = ["name", "email", "ip", "body"]
    search_help_text = _("Name, email address, IP address or text.")
    # The queue: what awaits a moderator first, then the newest.
    ordering = [
        Case(When(status=Status.PENDING, then=Value(0)), default=Value(1)).asc(),
        "-created_at",
    ]
    raw_id_fields = ["parent"]
    actions = ["approve", "mark_spam", "move_to_trash", "restore"]
    change_list_template = "admin/comments/comment/change_list.html"
    change_form_template = "admin/comments/comment/change_form.html"

    # The change form. Status changes only through the actions; the reader's
    # address, IP and browser are shown to staff and never edited.
    fieldsets = [
        (None, {"fields": ["article", "parent", "status", "name", "url", "body"]}),
        (
            _("Staff only: never shown on the site"),
            {"fields": ["email", "ip", "user_agent"]},
        ),
        (
            _("Moderation"),
            {
                "fields": [
                    "created_at",
                    "moderated_at",
                    "moderated_by",
                    "user",
                    "erased_at",
                ]
            },
        ),
    ]
    readonly_fields = [
        "article",
        "parent",
        "status",
        "email",
        "ip",
        "user_agent",
        "created_at",
        "moderated_at",
        "moderated_by",
        "user",
        "erased_at",
    ]

    # --- the queue -----------------------------------------------------------

    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        if IS_POPUP_VAR in request.GET or not self.has_change_permission(request):
            columns.remove("moderation")
        return columns

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        if not comment.body:
            return _("(text deleted)")
        return format_html(
            '<span dir="auto">{}</span>', Truncator(comment.body).chars(80)
        )

    @admin.display(description=_("commenter"), ordering="name")
    def commenter(self, comment: Comment) -> str:
        # As WordPress lists the author: name, then address and IP (staff only).
        name = format_html("<bdi>{}</bdi>", comment.display_name)
        if comment.is_site_reply:
            name = format_html(
                '{} <span class="quiet">({})</span>', name, _("the site's reply")
            )
        details = format_html_join(
            "",
            '<br><span class="quiet" dir="ltr">{}</span>',
            ((value,) for value in [comment.email, comment.ip] if value),
        )
        return format_html("{}{}", name, details)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment: Comment) -> str:
        # The public page, at the comment: every moderator may open it, where
        # the article's admin page is for editors only.
        return format_html(
            '<a href="{}">{}</a>',
            comment.get_absolute_url(),
            Truncator(comment.article.title).chars(50),
        )

    @admin.display(description=_("moderate"))
    def moderation(self, comment: Comment) -> str:
        # Submit buttons of the changelist's own form (with its CSRF token):
        # changelist_view handles them before Django's actions.
        buttons = format_html_join(
            " ",
            '<button type="submit" class="button" name="_moderate" '
            'value="{}:{}">{}</button>',
            (
                (status, comment.pk, label)
                for status, label in ROW_ACTIONS[comment.status]
            ),
        )
        if comment.can_take_reply():
            url = reverse("admin:comments_comment_add") + f"?parent={comment.pk}"
            buttons = format_html('{} <a href="{}">{}</a>', buttons, url, _("Reply"))
        return buttons

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        if request.method == "POST" and "_moderate" in request.POST:
            return self.moderate_one(request)
        context = {
            "status_counts": status_counts(),
            "may_erase": self.has_change_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def moderate_one(self, request: HttpRequest) -> HttpResponse:
        """A row's button: one comment to a new status, back to the same list."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        status, _sep, pk = request.POST["_moderate"].partition(":")
        if status in Status.values and pk.isdigit():
            comments = self.get_queryset(request).filter(pk=pk)
            self.moderate(request, comments, status)
        return HttpResponseRedirect(request.get_full_path())

    def moderate(self, request: HttpRequest, comments: QuerySet, status: str) -> None:
        count = set_status(comments, status, by=request.user)
        self.message_user(request, moderated_message(status, count), messages.SUCCESS)

    @admin.action(
        description=_("Approve"),
        description_plural=_("Approve the selected comments"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.moderate(request, queryset, Status.APPROVED)

    @admin.action(
        description=_("Mark as spam"),
        description_plural=_("Mark the selected comments as spam"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def mark_spam(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.moderate(request, queryset, Status.SPAM)

    @admin.action(
        description=_("Move to the trash"),
        description_plural=_("Move the selected comments to the trash"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def move_to_trash(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.moderate(request, queryset, Status.TRASH)

    @admin.action(
        description=_("Restore to the queue"),
        description_plural=_("Restore the selected comments to the queue"),
        permissions=["change"],
        location=BOTH_PLACES,
    )
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        # Restoring takes spam and trash back to the queue; an approved
        # comment stays approved.
        restorable = queryset.filter(status__in=[Status.SPAM, Status.TRASH])
        self.moderate(request, restorable, Status.PENDING)

    # --- the site's reply (the only comment staff add) -----------------------

    def get_fieldsets(self, request: HttpRequest, obj: Comment | None = None) -> list:
        if obj is None:
            return [(None, {"fields": ["parent", "body"]})]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(
        self, request: HttpRequest, obj: Comment | None = None
    ) -> list[str]:
        if obj is None:
            return []
        return super().get_readonly_fields(request, obj)

    def get_form(self, request: HttpRequest, obj: Comment | None = None, **kwargs):
        if obj is None:
            kwargs["form"] = StaffReplyForm
        return super().get_form(request, obj, **kwargs)

    def add_view(
        self,
        request: HttpRequest,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        parent_id = request.POST.get("parent") or request.GET.get("parent") or ""
        parent = (
            self.get_queryset(request).filter(pk=parent_id).first()
            if parent_id.isdigit()
            else None
        )
        context = {
            "title": _("Reply as the site"),
            "parent_comment": parent,
            "show_save_and_add_another": False,
            **(extra_context or {}),
        }
        return super().add_view(request, form_url, context)

    def save_form(self, request: HttpRequest, form: forms.ModelForm, change: bool):
        if change:
            return super().save_form(request, form, change)
        # The reply is stored, approved and signed by the one code path.
        return staff_reply(
            form.cleaned_data["parent"], form.cleaned_data["body"], by=request.user
        )

    def save_model(self, request, obj, form, change) -> None:
        if change:  # a new reply is saved already, by save_form
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        if change:
            super().save_related(request, form, formsets, change)

    # --- privacy -------------------------------------------------------------

    def get_urls(self) -> list:
        privacy = path(
            "privacy/",
            self.admin_site.admin_view(self.privacy_view),
            name="comments_comment_privacy",
        )
        return [privacy, *super().get_urls()]

    def privacy_view(self, request: HttpRequest) -> HttpResponse:
        """Export or erase everything tied to an email address."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        action = request.POST.get("action", "")
        form = AddressForm(request.POST if action in {"export", "erase"} else None)
        if form.is_valid():
            email = form.cleaned_data["email"]
            count = Comment.objects.of_address(email).count()
            if not count:
                self.message_user(
                    request,
                    _("No comment was left with this address."),
                    messages.WARNING,
                )
            elif action == "export":
                return self.export_response(email)
            else:
                form = EraseForm(initial={"email": email})
                return self.privacy_page(
                    request, "privacy_erase.html", {"form": form, "count": count}
                )
        elif action == "confirm":
            erase_form = EraseForm(request.POST)
            if erase_form.is_valid():
                email = erase_form.cleaned_data["email"]
                count = erase_commenter(
                    email, delete_text=erase_form.cleaned_data["text"] == "delete"
                )
                self.message_user(
                    request,
                    ngettext(
                        "The commenter's data was erased from %(count)d comment.",
                        "The commenter's data was erased from %(count)d comments.",
                        count,
                    )
                    % {"count": count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        return self.privacy_page(request, "privacy.html", {"form": form})

    def export_response(self, email: str) -> HttpResponse:
        response = JsonResponse(
            export_comments(email),
            safe=False,
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="comments-{day}.json"'
        return response

    def privacy_page(self, request: HttpRequest, template: str, context: dict):
        return TemplateResponse(
            request,
            f"admin/comments/comment/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("A commenter's data"),
                **context,
            },
        )


def status_counts() -> list[dict]:
    """How many comments are in each status, in one query, with their list's URL."""
    totals = Comment.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    changelist = reverse("admin:comments_comment_changelist")
    return [
        {
            "status": status,
            "label": label,
            "count": totals[status],
            "url": f"{changelist}?status__exact={status}",
        }
        for status, label in Status.choices
    ]
