"""Lists of names sorted as an Arabic reader expects, on SQLite and PostgreSQL
alike (the default collation puts Latin first and آ أ إ ا apart)."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from articles.models import Official, Place, Tag
from newsroom.collation import sort_key
from tests.factories import OfficialFactory, PlaceFactory, TagFactory

pytestmark = pytest.mark.django_db

# ICU's order for Moroccan Arabic (what PostgreSQL gives): digits first; the
# hamza and its seats, then آ, then alef with or without hamza as one letter
# (ابتسام before إبراهيم: ت before ر); vowels ignored; ة with ه, ى with ي;
# Arabic before Latin, whose accents and case only break ties.
ICU_ORDER = [
    "9 مارس",
    "ءامن",
    "آمنة",
    "ابتسام",
    "إبراهيم",
    "أحمد",
    "الدار",
    "الدار البيضاء",
    "الدارين",
    "إمام",
    "أمين",
    "امين",
    "بُشرى",
    "بشير",
    "ثريا",
    "حمزة",
    "زينب",
    "سءال",
    "سؤال",
    "سائل",
    "سال",
    "مدين",
    "مدينة",
    "مدينه",
    "مستشفى",
    "مستشفي",
    "يوسف",
    "Amine",
    "Élise",
    "émile",
    "Eric",
    "Zineb",
]
# Names no two of which fold to the same key (tags and officials are unique
# by their folded name).
NAMES = ["آمنة", "ابتسام", "إبراهيم", "أحمد", "بشير", "ثريا", "زينب", "Amine", "Zineb"]


def test_sqlite_order_follows_icu():
    shuffled = random.Random(1).sample(ICU_ORDER, len(ICU_ORDER))
    assert sorted(shuffled, key=sort_key) == ICU_ORDER


@pytest.mark.postgres
def test_postgresql_collation_is_icus_moroccan_arabic():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM unnest(%s::text[]) AS name "
            'ORDER BY name COLLATE "arabic"',
            [list(reversed(ICU_ORDER))],
        )
        assert [row[0] for row in cursor.fetchall()] == ICU_ORDER


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Tag, lambda name: TagFactory(name=name)),
        (Official, lambda name: OfficialFactory(name=name)),
        (Place, lambda name: PlaceFactory(name=name)),
    ],
)
def test_lists_of_names_sort_by_the_arabic_alphabet(model, make):
    for name in reversed(NAMES):
        make(name)

    assert list(model.objects.values_list("name", flat=True)) == NAMES
