"""The "leave a reply" form: validation, the signed timestamp, the honeypot and
the characters that could make text display as what it is not."""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.cleaning import CleanInputForm
from newsroom.fragments import kept
from newsroom.text import Kind, clean_text, is_blank

from . import lookalikes, stamps
from .models import Comment

TIMESTAMP_SALT = stamps.SALT
# A missing, tampered or expired stamp: most often a page left open for days.
EXPIRED = _(
    "This form has expired. Please reload the page and send your "
    "comment again; your text is kept below."
)


def served_stamp(ip: str | None = None) -> str:
    """A signed note of when the form was served: to `ip` only, if given.

    Without `ip`, the stamp of a page every reader may get (comments/stamps.py).
    """
    return stamps.issue(time.time(), ip)


class CommentForm(CleanInputForm, forms.ModelForm):
    """The "leave a reply" form. Status, user, IP and dates are never read from it."""

    consent = forms.BooleanField(
        label=_(
            "Save my name, email, and website in this browser for the next time "
            "I comment."
        ),
        required=False,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    served = forms.CharField(
        widget=forms.HiddenInput, error_messages={"required": EXPIRED}
    )
    # A field people do not see and robots fill in.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "url"]
        labels = {
            "body": _("Comment"),
            "name": _("Name"),
            "email": _("Email"),
            "url": _("Website"),
        }
        help_texts = {"email": _("Your email address will not be published.")}
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8, "dir": "auto"}),
            "name": forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
            "url": forms.URLInput(attrs={"autocomplete": "url", "dir": "ltr"}),
        }
        error_messages = {
            "body": {"required": _("Please write your comment.")},
            "name": {"required": _("Please enter your name.")},
            "email": {
                "required": _("Please enter your email address."),
                "invalid": _("Please enter a valid email address."),
            },
            "url": {"invalid": _("Please enter a full web address (http or https).")},
        }

    def __init__(self, *args, article: Article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        self.looks_automated = False
        for name in ["name", "email", "body"]:
            self.fields[name].required = True
        # Web addresses only; Django's other checks (length, NUL) stay.
        url = self.fields["url"]
        url.validators = [
            URLValidator(schemes=["http", "https"])
            if isinstance(validator, URLValidator)
            else validator
            for validator in url.validators
        ]
        if not self.is_bound:
            self.initial["served"] = served_stamp()

    def clean(self) -> dict:
        cleaned_data = super().clean()
        # A reader cannot see the hidden fields: their errors go to the top.
        for name in ("served", "parent"):
            if name in self._errors:
                for error in self._errors.pop(name).as_data():
                    self.add_error(None, error)
        return cleaned_data

    def clean_name(self) -> str:
        name = " ".join(clean_text(self.cleaned_data["name"], Kind.NAME).split())
        if is_blank(name):
            raise forms.ValidationError(_("Please enter your name."), code="required")
        if _imitates_staff(name):
            raise forms.ValidationError(
                _("This name belongs to a member of the editorial team."),
                code="impersonation",
            )
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        # Never a header injection: the address is only ever data, but refuse
        # what no mailbox has.
        if any(ch in email for ch in '\r\n,;<>"'):
            raise forms.ValidationError(
                _("Please enter a valid email address."), code="invalid"
            )
        return email

    def clean_body(self) -> str:
        body = clean_text(self.cleaned_data["body"], Kind.TEXT)
        if is_blank(body):
            raise forms.ValidationError(
                _("Please write your comment."), code="required"
            )
        return body.strip()

    def clean_served(self) -> stamps.Stamp:
        # Whom it was served to, and how often it was used, are checked when
        # the comment is stored (posting.post_comment, in its transaction).
        now = time.time()
        stamp = stamps.read(self.cleaned_data["served"])
        if stamp is None or stamp.is_expired(now):
            raise forms.ValidationError(EXPIRED, code="expired")
        if now - stamp.served_at < settings.COMMENTS_MIN_FORM_SECONDS:
            self.looks_automated = True
        return stamp

    def clean_homepage(self) -> str:
        if self.cleaned_data["homepage"]:
            self.looks_automated = True
        return ""

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data["parent"]
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article)
            .only("pk", "depth", "status", "article_id")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to cannot be answered."),
                code="invalid_parent",
            )
        if parent.thread_is_full:
            raise forms.ValidationError(
                _("This conversation is too deep to reply to here."),
                code="too_deep",
            )
        return parent


def _imitates_staff(name: str) -> bool:
    """Whether a reader's name looks like a staff member's, the site's or a
    reserved one (comments/lookalikes.py)."""
    # Kept until the content changes (a user's save changes it): a post at a
    # spike's rate asks the database nothing about the staff.
    staff = kept(
        None,
        "staff-names",
        lambda: tuple(
            get_user_model()
            .objects.filter(is_staff=True)
            .order_by("pk")
            .values_list("username", "first_name", "last_name")
        ),
    )
    protected = lookalikes.protected_names(
        settings.SITE_NAME, settings.COMMENTS_RESERVED_NAMES, staff
    )
    return lookalikes.imitates(name, protected)
