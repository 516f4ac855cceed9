from __future__ import annotations

import pytest

from newsroom.arabic import arabic_slugify, normalize


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
