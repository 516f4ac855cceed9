"""The "leave a reply" form: validation, the signed timestamp, the honeypot and
the characters that could make text display as what it is not."""

from __future__ import annotations

import re
import time

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from newsroom.arabic import DISPLAY_CONTROLS, INVISIBLE, JOINERS, TATWEEL, normalize

from .models import Comment

TIMESTAMP_SALT = "comments.form-served"
# A missing, tampered or expired stamp: most often a page left open for days.
EXPIRED = _(
    "This form has expired. Please reload the page and send your "
    "comment again; your text is kept below."
)
# A name or a comment could otherwise display as something it is not.
_SPOOFING_RE = re.compile(f"[{DISPLAY_CONTROLS}]")
# Emoji sequences (ZWJ between two emoji) and Arabic-script words (ZWNJ, ZWJ
# between two letters) need joiners: kept there only.
_JOINER_RE = re.compile(f"[{JOINERS}]")
# What does not count as text: whitespace (NBSP included), invisible
# characters and tatweel.
_BLANK_RE = re.compile(f"[\\s{INVISIBLE}{TATWEEL}]+")


def is_blank(text: str) -> bool:
    return not _BLANK_RE.sub("", text)


def _is_emoji(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x1F000 <= cp <= 0x1FAFF  # pictographs, skin tones, flags' letters
        or 0x2190 <= cp <= 0x21FF  # arrows
        or 0x2600 <= cp <= 0x27BF  # symbols, dingbats (♀ ♂ ⚕ ❤)
        or 0x2B00 <= cp <= 0x2BFF
        or cp in (0xFE0F, 0x20E3)  # emoji presentation, keycap
    )


def _is_arabic_letter(ch: str) -> bool:
    cp = ord(ch)
    return ch.isalpha() and (
        0x0600 <= cp <= 0x06FF
        or 0x0750 <= cp <= 0x077F
        or 0x08A0 <= cp <= 0x08FF
        or 0xFB50 <= cp <= 0xFDFF
        or 0xFE70 <= cp <= 0xFEFF
    )


def clean_text(text: str) -> str:
    """Remove the characters that could make text display as what it is not.

    Bidi controls and zero-width spaces go; a joiner stays only where it joins
    two emoji or two Arabic-script letters.
    """
    text = _SPOOFING_RE.sub("", text)

    def joiner(match: re.Match) -> str:
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if before and after:
            if _is_emoji(before) and _is_emoji(after) and match[0] == "\u200d":
                return match[0]
            if _is_arabic_letter(before) and _is_arabic_letter(after):
                return match[0]
        return ""

    return _JOINER_RE.sub(joiner, text)


def served_stamp() -> str:
    """A signed note of when the form was served."""
    return signing.dumps(int(time.time()), salt=TIMESTAMP_SALT)


class CommentForm(forms.ModelForm):
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
        self.fields["url"].validators = [URLValidator(schemes=["http", "https"])]
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
        name = " ".join(clean_text(self.cleaned_data["name"]).split())
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
        body = clean_text(self.cleaned_data["body"].replace("\r\n", "\n"))
        if is_blank(body):
            raise forms.ValidationError(
                _("Please write your comment."), code="required"
            )
        return body.strip()

    def clean_served(self) -> int:
        try:
            served = signing.loads(
                self.cleaned_data["served"],
                salt=TIMESTAMP_SALT,
                max_age=settings.COMMENTS_MAX_FORM_SECONDS,
            )
        except signing.BadSignature as exc:
            raise forms.ValidationError(EXPIRED, code="expired") from exc
        if time.time() - served < settings.COMMENTS_MIN_FORM_SECONDS:
            self.looks_automated = True
        return served

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
    """Whether a reader's name reads like a staff member's or the site's own."""
    key = normalize(name)
    if key == normalize(settings.SITE_NAME):
        return True
    staff = get_user_model().objects.filter(is_staff=True)
    for user in staff.only("username", "first_name", "last_name"):
        names = {user.username, user.get_full_name(), user.first_name}
        if key in {normalize(n) for n in names if n}:
            return True
    return False
