from __future__ import annotations

import pytest

from newsroom.arabic import (
    WORD_RE,
    arabic_slugify,
    normalize,
    search_document,
    search_line,
    search_normalize,
)


def test_slug_keeps_arabic_letters_and_joins_words_with_hyphens():
    assert arabic_slugify("البام يعزز التنسيق الجهوي") == "البام-يعزز-التنسيق-الجهوي"


def test_slug_drops_tatweel_diacritics_bidi_and_zero_width_characters():
    title = "الـــدار\u200f البَيْضَاء\u200b\u202e سطات\u2066"
    assert arabic_slugify(title) == "الدار-البيضاء-سطات"


def test_slug_turns_arabic_indic_digits_into_western_digits():
    assert arabic_slugify("ميزانية ٢٠٢٥ و۱۲ مشروعا") == "ميزانية-2025-و12-مشروعا"


def test_slug_drops_arabic_punctuation():
    assert (
        arabic_slugify("هل تنجح الجهة؟ نعم، بالتنسيق!") == "هل-تنجح-الجهة-نعم-بالتنسيق"
    )


def test_slug_keeps_latin_words_lowercased():
    assert arabic_slugify("مشروع OCP في الجهة") == "مشروع-ocp-في-الجهة"


@pytest.mark.parametrize("title", ["؟!،…", "---", "\u0640\u0640", "\u200f\u200e", " "])
def test_slug_of_punctuation_only_is_empty(title):
    assert arabic_slugify(title) == ""


def test_slug_is_cut_at_a_word_boundary():
    slug = arabic_slugify("كلمة " * 40, max_length=30)
    assert len(slug) <= 30
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"كلمة"}


def test_normalize_folds_hamza_forms_ta_marbuta_and_alef_maqsura():
    assert normalize("أحمد إبريجة") == normalize("احمد ابريجه")
    assert normalize("مصطفى") == normalize("مصطفي")


def test_normalize_folds_persian_letters_diacritics_and_tatweel():
    assert normalize("عـــلی") == normalize("علي")
    assert normalize("كَتَبَ") == normalize("كتب")


def test_normalize_folds_case_spacing_and_digits():
    assert normalize("  Najwa   KOUKOUSS ") == "najwa koukouss"
    assert normalize("٢٠٢٥") == "2025"


def test_normalize_keeps_different_names_apart():
    assert normalize("يوسف مفلح") != normalize("يوسف مفتاح")


# Spellings of one word that readers and writers use interchangeably: the
# search folds each pair to the same key, whichever side wrote which.
SEARCH_PAIRS = [
    ("الأمين", "الامين"),
    ("مدينة", "مدينه"),
    ("مستشفى", "مستشفي"),
    ("مسؤول", "مسئول"),
    ("علی", "علي"),
    ("کتاب", "كتاب"),
    ("٢٠٢٥", "2025"),
    ("يُعزِّز", "يعزز"),
    ("والانتخابات", "الانتخابات"),
    # And a few more of each kind.
    ("إبراهيم", "ابراهيم"),
    ("آمنة", "امنه"),
    ("ٱلله", "الله"),
    ("شؤون", "شئون"),
    ("۲۰۳۰", "2030"),
    ("الـــدار", "الدار"),
    ("فالمجلس", "المجلس"),
    ("الدار\u200f", "الدار"),
]


@pytest.mark.parametrize(("one", "other"), SEARCH_PAIRS)
def test_search_normalize_matches_each_pair_both_ways(one, other):
    assert search_normalize(one) == search_normalize(other)
    assert search_normalize(other) == search_normalize(one)
    assert search_normalize(search_normalize(one)) == search_normalize(one)


def test_normalize_reads_both_hamza_seats_as_one_letter():
    assert normalize("مسؤول") == normalize("مسئول") == "مسءول"
    # A bare hamza and a hamza on alef are not confused with a seat.
    assert normalize("سأل") != normalize("سءل")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("والانتخابات التشريعية", "الانتخابات التشريعيه"),
        ("فالمغرب", "المغرب"),
        ("(والاستثمار)", "(الاستثمار)"),
        # Not at the start of a word, or not before ال.
        ("الوالي", "الوالي"),
        ("وزارة", "وزاره"),
        ("فاس", "فاس"),
    ],
)
def test_search_normalize_strips_wa_and_fa_before_the_article(text, folded):
    assert search_normalize(text) == folded


@pytest.mark.parametrize("word", ["والي", "فالح", "والده", "والدين", "والدته"])
def test_search_normalize_keeps_words_whose_root_starts_with_wa_or_fa(word):
    # والي (a governor) must not become الي, which is what إلى folds to.
    assert search_normalize(word) == normalize(word)


def test_search_line_and_document_keep_one_line_per_part():
    line = search_line("الأمين\nالجهوي", "", "مدينة")
    assert line == "الامين الجهوي مدينه"
    assert search_document(line, "", "") == "الامين الجهوي مدينه\n\n"


def test_word_pattern_keeps_marks_and_invisible_characters_inside_words():
    text = "يُعزِّز الـــدار\u200f foo_bar البيضاء-سطات"
    assert WORD_RE.findall(text) == [
        "يُعزِّز",
        "الـــدار\u200f",
        "foo",
        "bar",
        "البيضاء",
        "سطات",
    ]
