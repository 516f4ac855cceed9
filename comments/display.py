"""How a comment looks on the page: its text as safe HTML and its avatar.

Pure functions of the text and the name, so each answer is kept per process:
a thread shown again (or after another comment came in) redoes none of it.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from django.utils.html import Urlizer, escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from newsroom.arabic import normalize, strip_diacritics, strip_invisible

# How many avatar colours the stylesheet defines (.avatar--0 … .avatar--7).
AVATAR_COLOURS = 8
# Links in a reader's text are theirs, not the site's: no ranking credit, no
# access to this window.
LINK_REL = "nofollow ugc noopener"
# Long addresses are shortened in the link's text (never in its target).
LINK_TEXT_LIMIT = 60
# Joins two Arabic initials without joining them into a word ("ع‌ب", not "عب").
ZWNJ = "\u200c"
# The comments of the articles being read, and their commenters' names.
CACHED_TEXTS = 4_000
CACHED_NAMES = 4_000


class _CommentUrlizer(Urlizer):
    """Django's urlize, with every link it makes marked as a reader's."""

    url_template = '<a href="{href}" rel="' + LINK_REL + '">{url}</a>'
    # Arabic commas, semicolons and question marks, and guillemets, end a link.
    trailing_punctuation_chars = Urlizer.trailing_punctuation_chars + "،؛؟"
    wrapping_punctuation = [*Urlizer.wrapping_punctuation, ("«", "»")]


_urlize = _CommentUrlizer()


def comment_html(body: str) -> SafeString:
    """A comment's text as HTML: escaped, its links made safe, its lines kept."""
    # urlize reads the setting for links without a scheme: part of the key.
    return _comment_html(body, settings.URLIZE_ASSUME_HTTPS)


@lru_cache(maxsize=CACHED_TEXTS)
def _comment_html(body: str, assume_https: bool) -> SafeString:
    # Escaped first: given raw text, urlize would read "&para=1" in an address
    # as the entity "¶" and change the link.
    html = _urlize(escape(body), trim_url_limit=LINK_TEXT_LIMIT)
    return mark_safe(linebreaks(html))  # noqa: S308 -- escaped above


def initials(name: str) -> str:
    """The first letter of the first and of the last word of a name.

    An Arabic last word is taken without its article: "الإدريسي" gives "إ".
    """
    words = [w for w in strip_diacritics(strip_invisible(name)).split() if w]
    letters = []
    for index, word in enumerate(words[:1] + words[1:][-1:]):
        if index and word.startswith("ال") and len(word) > 3:
            word = word[2:]
        letter = next((ch for ch in word if ch.isalnum()), "")
        if letter:
            letters.append(letter.upper())
    if not letters:
        # A name of symbols or emoji only: its first character stands for it.
        return name.strip()[:1]
    return ZWNJ.join(letters)


def avatar_colour(name: str) -> int:
    """A colour number that depends on the name alone (as a reader reads it)."""
    digest = hashlib.sha256(normalize(name).encode()).digest()
    return digest[0] % AVATAR_COLOURS


@lru_cache(maxsize=CACHED_NAMES)
def avatar(name: str, variant: str = "") -> SafeString:
    """A locally drawn avatar: the name's initials in a coloured circle.

    Nothing is fetched and nothing comes from the address; `variant` ("site",
    "anonymous") replaces the colour for the site's replies and erased names.
    """
    modifier = variant or str(avatar_colour(name))
    return format_html(
        '<span class="avatar avatar--{}" aria-hidden="true">{}</span>',
        modifier,
        initials(name),
    )
