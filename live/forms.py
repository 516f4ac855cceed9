"""The quick update form of a live page's desk: text, an optional photo taken
on the spot, and the key-event flag."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from articles.forms import ACCEPTED_TYPES, ImageForm
from newsroom.cleaning import CleanInputForm

from .models import LiveCoverage, LiveUpdate


class QuickUpdateForm(CleanInputForm, forms.ModelForm):
    """An update in a few taps; the photo, if any, is uploaded with it."""

    photo_file = forms.FileField(label=_("photo"), required=False)
    photo_alt = forms.CharField(
        label=_("what the photo shows"),
        max_length=300,
        required=False,
        help_text=_("Required with a photo, for readers who cannot see it."),
    )
    photo_credit = forms.CharField(label=_("credit"), max_length=200, required=False)

    class Meta:
        model = LiveUpdate
        fields = ["title", "body", "key_event"]

    def __init__(self, *args, coverage: LiveCoverage, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.coverage = coverage
        self.fields["photo_file"].widget.attrs["accept"] = ACCEPTED_TYPES
        for name in ["title", "photo_alt", "photo_credit"]:
            self.fields[name].widget.attrs["dir"] = "auto"
        self.image_form: ImageForm | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.files.get("photo_file"):
            # The upload is checked and cleaned by the image form itself.
            self.image_form = ImageForm(
                data={
                    "alt": cleaned.get("photo_alt", ""),
                    "credit": cleaned.get("photo_credit", ""),
                    "caption": "",
                },
                files={"file": self.files["photo_file"]},
            )
            if not self.image_form.is_valid():
                for name, target in [
                    ("file", "photo_file"),
                    ("alt", "photo_alt"),
                    ("credit", "photo_credit"),
                ]:
                    for error in self.image_form.errors.get(name, []):
                        self.add_error(target, error)
        return cleaned

    @transaction.atomic
    def save_as(self, user) -> LiveUpdate:
        """Store the update (and its photo), written by `user`."""
        update = self.save(commit=False)
        update.author = user if user.is_authenticated else None
        if self.image_form is not None:
            image = self.image_form.save(commit=False)
            image.uploaded_by = update.author
            image.save()
            image.make_renditions()
            update.photo = image
        update.save()
        return update
