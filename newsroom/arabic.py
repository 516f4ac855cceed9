"""Arabic text helpers shared by slugs, name matching, search and comment checks."""

from __future__ import annotations

import re
import unicodedata

from django.utils.text import slugify

# The invisible characters are the input-cleaning rule's (newsroom/text.py).
from .text import INVISIBLE, TATWEEL, WESTERN_DIGITS

_INVISIBLE_RE = re.compile(f"[{INVISIBLE}{TATWEEL}]")
# Harakat, tanwin, shadda, sukun, superscript alef and Quranic annotation marks.
DIACRITICS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_DIACRITICS_RE = re.compile(f"[{DIACRITICS}]")
# A word as written: letters and digits (not "_") with the marks and invisible
# characters inside it, which `normalize()` drops.
WORD_RE = re.compile(f"(?:[^\\W_]|[{DIACRITICS}{INVISIBLE}])+")

# Letter forms that readers and editors type interchangeably.
LETTER_FOLDS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    # The seat of a hamza varies with the writer (مسؤول/مسئول, شؤون/شئون):
    # both seats read as the bare hamza.
    "ئ": "ء",
    "ؤ": "ء",
    "ة": "ه",
    "ک": "ك",  # Persian keheh
    "ڪ": "ك",
    "ھ": "ه",  # Urdu heh doachashmee
    "ە": "ه",
}
_LETTER_FOLDS = str.maketrans(LETTER_FOLDS)


def western_digits(text: str) -> str:
    """Replace Arabic-Indic digits with Western ones."""
    return text.translate(WESTERN_DIGITS)


def strip_invisible(text: str) -> str:
    """Remove bidi controls, zero-width characters and tatweel."""
    return _INVISIBLE_RE.sub("", text)


def strip_diacritics(text: str) -> str:
    """Remove harakat and Quranic marks, keeping the letters."""
    return _DIACRITICS_RE.sub("", text)


def normalize(text: str) -> str:
    """Fold text to a key for matching: same key, same word to an Arabic reader.

    Diacritics, tatweel, invisible characters, alef forms, hamza seats, ta
    marbuta/ha, alef maqsura/ya, Persian letters, digits, letter case and spacing
    are folded.
    """
    text = unicodedata.normalize("NFKC", text)
    text = strip_diacritics(strip_invisible(text))
    text = western_digits(text).translate(_LETTER_FOLDS).casefold()
    return " ".join(text.split())


# "و"/"ف" (and, so) written onto a word with the article: والانتخابات is
# و + الانتخابات. Only before ال and at least three more letters, so والي
# (governor) stays apart from إلى (to) and والد (father) from الد….
_CONJUNCTION_RE = re.compile(r"(?<!\w)[وف](ال\w{3,})")
# Words that begin with و + ال by their root, not by a conjunction (folded).
_ROOT_WAW_AL = frozenset(
    {
        "والدين",
        "والدان",
        "والديه",
        "والداه",
        "والدات",
        "والدته",
        "والدتي",
        "والدتها",
        "والدتهم",
        "والدها",
        "والدهم",
        "والدهما",
    }
)


def _strip_conjunction(match: re.Match) -> str:
    word = match.group(0)
    return word if word in _ROOT_WAW_AL else match.group(1)


def search_normalize(text: str) -> str:
    """Fold text for search: `normalize()`, then و/ف dropped before ال.

    The stored search documents and the reader's query both go through it, so
    a word matches whichever way either side wrote it.
    """
    return _CONJUNCTION_RE.sub(_strip_conjunction, normalize(text))


def search_line(*texts: str) -> str:
    """Texts folded for search and joined on one line (a line of a document)."""
    return " ".join(filter(None, map(search_normalize, texts)))


def search_document(*lines: str) -> str:
    """A stored search document: one line per part, for ranking by part."""
    return "\n".join(lines)


def arabic_slugify(text: str, max_length: int = 80) -> str:
    """Make a URL slug from an Arabic (or Latin) title.

    Arabic letters are kept; tatweel, diacritics, bidi and zero-width characters
    are dropped and digits are made Western. Empty when the text has no letter
    or digit at all (a title of punctuation only).
    """
    text = unicodedata.normalize("NFKC", text)
    text = western_digits(strip_diacritics(strip_invisible(text)))
    slug = slugify(text, allow_unicode=True)
    # slugify keeps underscores (they are \w); URLs read better without them.
    slug = re.sub(r"[-_]+", "-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug
