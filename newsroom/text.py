"""The input-cleaning rule: what every text keeps on its way into the site.

One rule for all text, from readers (the comment form, the search query) and
from editors (every text field of the admin) alike, applied where text enters
(newsroom/cleaning.py wires it into forms and models) and by the data
migrations to what was stored before:

- NUL and every other C0 (U+0000-U+001F) and C1 (U+0080-U+009F) control
  character, and DEL, are removed. Multi-line text (`TEXT`) keeps the tab and
  the line feed; `\\r\\n` and a lone `\\r` become `\\n` (so do the
  Unicode line and paragraph separators). In one-line text (`LINE`, `NAME`) a
  tab or line break becomes a space, rather than gluing two words together.
- Unicode noncharacters (U+FDD0-U+FDEF, U+FFFE and U+FFFF of every plane) and
  lone surrogates are removed: they are no text, PostgreSQL refuses surrogates
  and XML refuses both.
- Bidi controls (embeddings, overrides, isolates, marks) and zero-width
  characters (ZWSP, word joiner, invisible operators, BOM) are removed from
  every field, web and e-mail addresses and search queries included: they
  make text display as what it is not.
- The joiners (ZWNJ, ZWJ) stay only where text needs them: a ZWJ between two
  emoji (an emoji sequence), a ZWNJ or ZWJ between two Arabic-script letters;
  an address (`ADDRESS`) keeps none.
- The soft hyphen (U+00AD) is removed from names (`NAME`) and addresses.
- Arabic-Indic digits (٠١٢…, and the Persian ۰۱۲…) become Western digits
  (0 1 2…), as Moroccan print writes numbers, in every kind but addresses;
  inside a rich-text body, the markup's tags (an image's file name) are left
  as they are.

Nothing else changes: letters, Western digits, emoji, punctuation, the no-break
space and tatweel are the writer's. A rich-text body is cleaned as multi-line text:
no character of its markup is one the rule removes, and its sanitizer
(articles/richtext.py) has already turned character references (`&#x202e;`)
into the characters they stand for. Cleaning is idempotent. What is left invalid
(a name left blank, a malformed address) is for the form to refuse with a
clear message, never for the database to fail on.

`xml_safe()` is the output side: feeds and sitemaps pass text through it, so
that rows stored before the rule, or written by `update()` and
`bulk_create()`, still make valid XML.

A pure module: no Django, no models.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Characters that change how text displays without being visible: bidi
# embeddings, overrides, isolates and marks, and zero-width spaces (as ranges
# for a regular expression's character class).
DISPLAY_CONTROLS = (
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
)
# Invisible too, but emoji sequences and some Arabic-script words need them.
JOINERS = "\u200c\u200d"
SOFT_HYPHEN = "\u00ad"
INVISIBLE = DISPLAY_CONTROLS + JOINERS + SOFT_HYPHEN
TATWEEL = "\u0640"
# Arabic-Indic (U+0660..) and Extended Arabic-Indic (Persian/Urdu, U+06F0..)
# digits -> Western digits, the Moroccan convention.
WESTERN_DIGITS = {cp: ord("0") + i for i, cp in enumerate(range(0x0660, 0x066A))} | {
    cp: ord("0") + i for i, cp in enumerate(range(0x06F0, 0x06FA))
}

# C0 but tab and line feed, DEL, C1.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
    for plane in range(17)
)
_SURROGATES = "\ud800-\udfff"
_LINE_BREAK_RE = re.compile("\r\n?|[\u2028\u2029]")
_NOT_TEXT_RE = re.compile(
    f"[{_CONTROLS}{_NONCHARACTERS}{_SURROGATES}{DISPLAY_CONTROLS}]"
)
_ONE_LINE_RE = re.compile("[\t\n]")
_JOINER_RE = re.compile(f"[{JOINERS}]")
_SOFT_HYPHEN_RE = re.compile(SOFT_HYPHEN)
# A tag of markup (kept whole) or a run of Arabic-Indic digits.
_TAG_OR_DIGITS_RE = re.compile("<[^<>]*>|[\u0660-\u0669\u06f0-\u06f9]+")
# What does not count as text: whitespace (NBSP included), invisible
# characters and tatweel.
_BLANK_RE = re.compile(f"[\\s{INVISIBLE}{TATWEEL}]+")
# What XML 1.0 refuses (C0 but tab, LF, CR; surrogates; U+FFFE, U+FFFF), with
# what it discourages (DEL, C1, noncharacters).
_XML_UNSAFE_RE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_NONCHARACTERS}{_SURROGATES}]"
)


class Kind(StrEnum):
    """What a text is, which decides the little that differs in its cleaning."""

    LINE = "line"  # one line: a title, a caption, a search query
    NAME = "name"  # one line, without soft hyphens: a person's or a thing's name
    TEXT = "text"  # several lines: a comment, a lede, a rich-text body
    ADDRESS = "address"  # a web or e-mail address, a slug: nothing invisible


def clean_text(text: str, kind: Kind = Kind.TEXT) -> str:
    """`text` under the input-cleaning rule (this module's docstring)."""
    text = _LINE_BREAK_RE.sub("\n", text)
    text = _NOT_TEXT_RE.sub("", text)
    if kind in (Kind.LINE, Kind.NAME):
        text = _ONE_LINE_RE.sub(" ", text)
    elif kind == Kind.ADDRESS:
        return re.sub(f"[\t\n{JOINERS}{SOFT_HYPHEN}]", "", text)
    if kind == Kind.NAME:
        text = _SOFT_HYPHEN_RE.sub("", text)
    text = _TAG_OR_DIGITS_RE.sub(_western_digits, text)
    return _keep_needed_joiners(text)


def _western_digits(match: re.Match) -> str:
    found = match[0]
    return found if found.startswith("<") else found.translate(WESTERN_DIGITS)


def is_blank(text: str) -> bool:
    """Whether `text` has nothing a reader would see as text."""
    return not _BLANK_RE.sub("", text)


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 refuses or discourages."""
    return _XML_UNSAFE_RE.sub("", text)


def _keep_needed_joiners(text: str) -> str:
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
