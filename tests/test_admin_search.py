"""Every admin list with a search box folds Arabic as the site's search does:
احمد finds أحمد, اقليم finds إقليم, الامانة finds الأمانة, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db.models import F
from django.urls import reverse

from articles.admin import FoldedSearchMixin
from articles.models import Image, Organization, Place, Position, Section, Tag
from comments.models import Comment
from newsroom.arabic import normalize
from newsroom.folding import ArabicSearchMixin, Folded
from tests.factories import (
    CommentFactory,
    EventFactory,
    OrganizationFactory,
    PlaceFactory,
    PositionFactory,
    SectionFactory,
    TagFactory,
    stored_image,
)

pytestmark = pytest.mark.django_db


def found(editor_client, model, query: str) -> list[str]:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = editor_client.get(url, {"q": query})
    assert response.status_code == 200
    return [str(row) for row in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("model", "make", "written", "typed"),
    [
        (Tag, lambda name: TagFactory(name=name), "إقليم الجديدة", "اقليم"),
        (Section, lambda name: SectionFactory(name=name), "الأمانة", "الامانة"),
        (Place, lambda name: PlaceFactory(name=name), "آسفي", "اسفي"),
        (
            Organization,
            lambda name: OrganizationFactory(name=name),
            "جمعية المتبرعين بالدم",
            "جمعيه",
        ),
        (
            Position,
            lambda title: PositionFactory(title=title),
            "رئيس المجلس الإقليمي",
            "الاقليمي",
        ),
    ],
)
def test_list_search_finds_a_spelling_typed_without_hamza(
    editor_client, model, make, written, typed
):
    row = make(written)
    make("شيء آخر")

    assert found(editor_client, model, typed) == [str(row)]
    # The spelling as written still finds it, and a word it lacks finds nothing.
    assert found(editor_client, model, written) == [str(row)]
    assert found(editor_client, model, "غير موجود") == []


def test_comment_search_folds_names_and_text(editor_client):
    comment = CommentFactory(name="أحمد", body="شكراً على المقال المفيد")
    CommentFactory(name="سعيد", body="تعليق آخر")

    assert [c.pk for c in found_rows(editor_client, Comment, "احمد")] == [comment.pk]
    assert [c.pk for c in found_rows(editor_client, Comment, "شكرا")] == [comment.pk]


def test_image_and_event_searches_fold_too(editor_client):
    image = stored_image()
    image.caption = "مقر عمالة إقليم برشيد"
    image.save()
    event = EventFactory(title="لقاء الأمانة الجهوية")

    assert [i.pk for i in found_rows(editor_client, Image, "اقليم")] == [image.pk]
    assert [e.pk for e in found_rows(editor_client, type(event), "الامانه")] == [
        event.pk
    ]


def found_rows(editor_client, model, query: str) -> list:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = editor_client.get(url, {"q": query})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_every_list_with_a_search_box_folds_arabic():
    plain = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
        and not isinstance(model_admin, ArabicSearchMixin | FoldedSearchMixin)
    ]
    # The background tasks' list searches code paths, not Arabic.
    assert plain == ["newsroom.BackgroundTask"]


@pytest.mark.parametrize(
    "name",
    ["الأمانةُ الجهوية", "إقليم آسفي", "مسؤول", "مستشفى", "Casablanca Finance", "کتاب"],
)
def test_the_database_folds_a_column_as_the_normaliser_folds_a_query(name):
    tag = TagFactory(name=name)

    folded = Tag.objects.filter(pk=tag.pk).annotate(folded=Folded(F("name")))

    assert folded.get().folded == normalize(name)
