"""The input-cleaning rule (newsroom/text.py) where text enters: forms and models.

- `CleanInputForm`: a form mixin that cleans what was sent before any field
  validates it, so a validator, a length or a uniqueness check judges the text
  that will be stored, and a form sent back shows the reader that text.
- `CleanTextModel`: the base of every model of the project's apps. Its
  `clean_fields()` (the admin's forms, `full_clean()`) and `save()` (every
  other way in: a shell, a service, the demo loader) clean each text field.
- `clean_stored_rows()`: the same, for the rows already stored (the data
  migrations), in chunks, writing only the rows that change.

Writes that bypass `save()` (`update()`, `bulk_create()`) are not cleaned:
what is shown in XML passes through `xml_safe()` on the way out.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress

from django import forms
from django.db import IntegrityError, models, transaction

from .text import Kind, clean_text


def field_kind(field: models.Field) -> Kind | None:
    """How the rule cleans a model field's text; None for a field that holds none."""
    if isinstance(field, models.URLField | models.EmailField | models.SlugField):
        return Kind.ADDRESS
    if isinstance(field, models.TextField):
        return Kind.TEXT
    if not isinstance(field, models.CharField) or field.generated:
        return None
    name = field.name
    if "email" in name:
        return Kind.ADDRESS
    if name == "name" or name.startswith("name_") or name.endswith("_name"):
        return Kind.NAME
    return Kind.LINE


def form_field_kind(name: str, field: forms.Field) -> Kind:
    """How the rule cleans what was sent for a form field."""
    if isinstance(field, forms.URLField | forms.EmailField | forms.SlugField):
        return Kind.ADDRESS
    if isinstance(field.widget, forms.Textarea):
        return Kind.TEXT
    if name == "name" or name.startswith("name_") or name.endswith("_name"):
        return Kind.NAME
    return Kind.LINE


class CleanInputForm:
    """A form mixin: the text sent is cleaned by the rule before validation."""

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._cleaned_input(self.data)
        super().full_clean()

    def _cleaned_input(self, data: Mapping) -> Mapping:
        data = data.copy()
        for name, field in self.fields.items():
            key = self.add_prefix(name)
            if key not in data:
                continue
            kind = form_field_kind(name, field)
            if hasattr(data, "setlist"):
                values = data.getlist(key)
                data.setlist(key, [_clean(value, kind) for value in values])
            else:
                data[key] = _clean(data[key], kind)
        return data


def _clean(value: object, kind: Kind) -> object:
    return clean_text(value, kind) if isinstance(value, str) else value


class CleanTextModel(models.Model):
    """A model whose text fields are cleaned by the rule before validation and save."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.clean_text_fields()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None) -> None:
        # Before Django's checks: a length, a blank or a unique name is judged
        # on the text that will be stored.
        self.clean_text_fields()
        super().clean_fields(exclude=exclude)

    def clean_text_fields(self) -> None:
        """Clean every text field's value in place."""
        for field in self._meta.concrete_fields:
            kind = field_kind(field)
            value = self.__dict__.get(field.attname)
            if kind is not None and isinstance(value, str):
                setattr(self, field.attname, clean_text(value, kind))


def clean_stored_rows(
    model: type[models.Model], kinds: Mapping[str, Kind], chunk_size: int = 2000
) -> int:
    """Apply the rule to the stored rows' `kinds` fields; returns how many changed.

    For the data migrations (given the historical model): rows are read in
    chunks of ids and only those whose text changes are written, field by field.
    """
    changed, last = 0, 0
    names = list(kinds)
    rows = model._base_manager.order_by("pk").values_list("pk", *names)
    while chunk := list(rows.filter(pk__gt=last)[:chunk_size]):
        last = chunk[-1][0]
        for pk, *values in chunk:
            updates = {}
            for name, value in zip(names, values, strict=True):
                if isinstance(value, str):
                    clean = clean_text(value, kinds[name])
                    if clean != value:
                        updates[name] = clean
            if updates:
                _update_row(model, pk, updates)
                changed += 1
    return changed


def _update_row(model: type[models.Model], pk: object, updates: dict) -> None:
    rows = model._base_manager.filter(pk=pk)
    try:
        with transaction.atomic():
            rows.update(**updates)
    except IntegrityError:
        # The clean text is another row's (a unique name or slug that differed
        # only by invisible characters): the other fields are still cleaned,
        # that one stays as it is, made safe where it is shown (xml_safe).
        for name, value in updates.items():
            with suppress(IntegrityError), transaction.atomic():
                rows.update(**{name: value})
