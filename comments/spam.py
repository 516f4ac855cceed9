"""Spam rules: the links a text carries (disguised ones too) and the word lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings

from newsroom.arabic import normalize

# Links as spammers write them: with a scheme, with www., disguised ("hxxp",
# "example[.]com", "example dot com"), or a bare domain with a common ending.
# The text is first folded (disguises undone, spaces collapsed), then scanned
# once: no pattern here backtracks, so a long comment costs linear time.
_SCHEME_RE = re.compile(r"(?<![a-z])(?:h[tx]{2}ps?|ftps?) ?(?::|\[:\]|\(:\)) ?// ?")
_DOT_RE = re.compile(
    r"(?<=[\w-])"
    r"(?: ?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}) ?| dot | \. )"
    r"(?=[\w-])"
)
_CANDIDATE_RE = re.compile(
    r"(?P<scheme>http://)?"
    r"(?<![\w.-])(?P<host>[\w-]++(?:\.[\w-]++)*+)"
    r"(?:[/?#][^ ]*+)?"
)
# fmt: off
_TLDS = frozenset({
    "com", "net", "org", "info", "biz", "ma", "fr", "io", "co", "me", "xyz", "ru",
    "cn", "top", "site", "online", "shop", "link", "click", "app", "dev", "tk", "ml",
    "ga", "cf", "gq", "pw", "cc", "ly", "gl", "to", "us", "uk", "de", "es", "it",
    "المغرب",
})
# fmt: on


def count_links(text: str) -> int:
    """How many links a text carries, disguised ones included; each counts once."""
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    text = _SCHEME_RE.sub("http://", text)
    text = _DOT_RE.sub(".", text)
    count = 0
    for match in _CANDIDATE_RE.finditer(text):
        labels = match["host"].split(".")
        if (
            match["scheme"]
            or (labels[0] == "www" and len(labels) > 1)
            or (len(labels) > 1 and labels[-1] in _TLDS)
        ):
            count += 1
    return count


def contains_word(texts: Iterable[str], words: Iterable[str]) -> bool:
    """Whether a listed word appears in any text, both normalised the Arabic way."""
    haystack = "\n".join(normalize(t) for t in texts)
    return any(key and key in haystack for key in (normalize(w) for w in words))


def looks_like_spam(texts: Iterable[str], looks_automated: bool = False) -> bool:
    """A robot's form, or a word from the block list."""
    return looks_automated or contains_word(texts, settings.COMMENTS_BLOCK_WORDS)


def needs_moderation(texts: Iterable[str], body: str) -> bool:
    """Held for a moderator whatever the commenter's trust: links or listed words."""
    return count_links(body) >= settings.COMMENTS_MAX_LINKS or contains_word(
        texts, settings.COMMENTS_MODERATION_WORDS
    )
