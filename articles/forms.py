"""The image upload form: the file checked and cleaned before it is stored."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from newsroom.cleaning import CleanInputForm

from . import images
from .models import Image

ACCEPTED_TYPES = "image/jpeg,image/png,image/webp"


class ImageForm(CleanInputForm, forms.ModelForm):
    """An upload with its description; the file is checked and cleaned here."""

    class Meta:
        model = Image
        fields = ["file", "alt", "caption", "credit"]
        # A plain file field: the content is judged by clean_upload, whose
        # messages are more precise than Django's "invalid image".
        field_classes = {"file": forms.FileField}
        error_messages = {
            "alt": {
                "required": _(
                    "Describe the image in a few words for readers who cannot see it."
                )
            },
            "file": {"required": _("Choose an image to upload.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ACCEPTED_TYPES
        for name in ["alt", "caption", "credit"]:
            self.fields[name].widget.attrs["dir"] = "auto"

    def clean_file(self):
        file = self.cleaned_data["file"]
        if isinstance(file, UploadedFile):
            # Checked, turned upright and stripped of EXIF before it is stored.
            return images.clean_upload(file)
        return file

    def save(self, commit: bool = True) -> Image:
        image = super().save(commit=commit)
        if commit:
            image.make_renditions()
        return image
