"""Names compared as they look: a reader may not comment under a name that reads
like a staff member's, the site's or a reserved one.

Two names look alike when their *skeletons* are equal: each character replaced
by the prototype Unicode gives its look-alikes (UTS #39 confusables, from the
`confusable-homoglyphs` package's data: Cyrillic "а" and Greek "α" are Latin
"a", "0" is "O", "I" and "1" are "l", full-width letters are Latin ones), after
Arabic is folded (newsroom.arabic.normalize: hamza forms, ta marbuta, Persian
letters, diacritics, tatweel), with case folded, spacing and punctuation dropped.
Pure functions; the staff's skeletons are kept per process until a staff name
changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

from confusable_homoglyphs.utils import load

from newsroom.arabic import normalize

# A part of a staff member's name is protected alone from this many letters
# ("الإدريسي", "Idrissi"); shorter ones ("علي", "Ali") are many readers' names.
PART_MIN_LETTERS = 5
_ARABIC_RE = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"
)
# The direction marks the package's data wraps right-to-left characters in.
_MARKS = str.maketrans("", "", "\u200e\u200f")


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype (UTS #39's confusables.txt).

    The package stores the pairs in both directions; each prototype with its
    look-alikes is a star, the prototype in the middle: a character with one
    neighbour that has others (or that is a sequence, like "rn" for "m") maps
    to it. Of two characters that only look like each other, the higher maps
    to the lower: either one stands for both.
    """
    graph: dict[str, set[str]] = {}
    for source, entries in load("confusables.json").items():
        node = source.translate(_MARKS)
        graph.setdefault(node, set()).update(
            entry["c"].translate(_MARKS) for entry in entries
        )
    table = {}
    for char, neighbours in graph.items():
        if len(char) != 1 or len(neighbours) != 1:
            continue
        (other,) = neighbours
        if len(other) > 1 or len(graph.get(other, ())) > 1 or other < char:
            table[char] = other
    return table


def _to_prototypes(text: str) -> str:
    table = _prototypes()
    return "".join(table.get(char, char) for char in text)


def _letters(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def skeletons(name: str) -> frozenset[str]:
    """The forms under which `name` is compared ("" when it has no letter).

    Prototypes are taken of the name as typed ("I" looks like "l"), in lower
    case and in capitals (Cyrillic "т" looks like "ᴛ", but "Т" like "T"): three
    skeletons, and two names match if any of them do.
    """
    typed = unicodedata.normalize("NFKC", name)
    forms = set()
    for text in (typed, typed.casefold(), typed.upper()):
        # Arabic folded first: "أ" would otherwise become its look-alike
        # ("lٴ") before it could fold to "ا".
        text = _ARABIC_RE.sub(lambda run: normalize(run[0]), text)
        text = _to_prototypes(_to_prototypes(text).casefold())
        forms.add(_letters(text))
    return frozenset(forms)


def protected_names(
    site_name: str,
    reserved: Iterable[str],
    staff: Iterable[tuple[str, str, str]],
) -> tuple[str, ...]:
    """Every name a reader may not use, from the staff's (username, first, last)."""
    names = [site_name, *reserved]
    for username, first_name, last_name in staff:
        full_name = f"{first_name} {last_name}"
        names += [username, full_name]
        parts = {first_name, last_name, *full_name.split()}
        names += [
            part for part in parts if len(_letters(normalize(part))) >= PART_MIN_LETTERS
        ]
    return tuple(name for name in names if name.strip())


@lru_cache(maxsize=8)
def _protected_skeletons(names: tuple[str, ...]) -> frozenset[str]:
    # Keyed by the names themselves: a staff member renamed, added or removed
    # is a new key, and the work is done again once.
    return frozenset(form for name in names for form in skeletons(name) if form)


def imitates(name: str, protected: tuple[str, ...]) -> bool:
    """Whether `name` looks like one of the `protected` names."""
    return not skeletons(name).isdisjoint(_protected_skeletons(protected))
